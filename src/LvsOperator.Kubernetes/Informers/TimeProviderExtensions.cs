namespace LvsOperator.Kubernetes.Informers;

internal static class TimeProviderExtensions
{
    /// <summary>Waits, or returns early once the token is cancelled (the caller's loop then ends).</summary>
    public static async Task DelayOrCancelledAsync(this TimeProvider time, TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The loop checks the token next.
        }
    }
}
