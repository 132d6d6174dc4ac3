namespace LvsOperator.Kubernetes.Tests.Support;

/// <summary>Waits on a condition with a generous deadline instead of sleeping a guessed time.</summary>
internal static class Eventually
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    public static async Task TrueAsync(Func<bool> condition, string what, Action? eachTry = null)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"never became true: {what}");
            }

            eachTry?.Invoke();
            await Task.Delay(10);
        }
    }
}
