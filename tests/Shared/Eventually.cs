namespace LvsOperator.Testing;

/// <summary>Waits on a condition over real time, with a generous bound, instead of sleeping a fixed while.</summary>
internal static class Eventually
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>The first non-null answer of <paramref name="probe"/>, asked every 50 ms.</summary>
    /// <exception cref="TimeoutException">None within <see cref="Patience"/>; the message names <paramref name="what"/>.</exception>
    public static async Task<T> ValueAsync<T>(Func<Task<T?>> probe, string what) where T : class
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } found) return found;
            await Task.Delay(50);
        }

        throw new TimeoutException($"not within {Patience}: {what}");
    }

    public static Task<T> ValueAsync<T>(Func<T?> probe, string what) where T : class => ValueAsync(() => Task.FromResult(probe()), what);
}
