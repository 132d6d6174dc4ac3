namespace LvsOperator.Testing;

/// <summary>Waits on a condition with a generous deadline instead of sleeping a guessed time.</summary>
internal static class Eventually
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    /// <exception cref="TimeoutException">Still false after <see cref="Deadline"/>; the message names <paramref name="what"/>.</exception>
    public static async Task TrueAsync(Func<bool> condition, string what, Action? eachTry = null)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"never became true: {what}");
            eachTry?.Invoke();
            await Task.Delay(10);
        }
    }

    /// <summary>The first non-null answer of <paramref name="probe"/>, asked every 50 ms.</summary>
    /// <exception cref="TimeoutException">None within <see cref="Deadline"/>; the message names <paramref name="what"/>.</exception>
    public static Task<T> ValueAsync<T>(Func<Task<T?>> probe, string what) where T : class => ValueAsync(probe, what, Deadline);

    /// <summary>The first non-null answer of <paramref name="probe"/> within <paramref name="within"/>, asked every 50 ms.</summary>
    /// <exception cref="TimeoutException">None within <paramref name="within"/>; the message names <paramref name="what"/>.</exception>
    public static async Task<T> ValueAsync<T>(Func<Task<T?>> probe, string what, TimeSpan within) where T : class
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } found) return found;
            await Task.Delay(50);
        }

        throw new TimeoutException($"not within {within}: {what}");
    }

    public static Task<T> ValueAsync<T>(Func<T?> probe, string what) where T : class => ValueAsync(() => Task.FromResult(probe()), what);
}
