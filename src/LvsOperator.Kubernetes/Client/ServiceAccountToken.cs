namespace LvsOperator.Kubernetes.Client;

/// <summary>
/// The projected service-account token, re-read once a minute as client-go does: the kubelet rotates the
/// file well before the token expires, so a minute-old copy is always still valid.
/// </summary>
internal sealed class ServiceAccountToken(string path, TimeProvider timeProvider)
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(1);

    private volatile CachedToken? cached;

    public async ValueTask<string?> GetAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (cached is { } current && now - current.ReadAt < RefreshInterval)
        {
            return current.Token;
        }

        // Concurrent callers may both read the file; the result is the same and the race is harmless.
        var token = (await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)).Trim();
        cached = new CachedToken(token, now);
        return token;
    }

    private sealed record CachedToken(string Token, DateTimeOffset ReadAt);
}
