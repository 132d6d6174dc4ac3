using System.Net;

namespace LvsOperator.Kubernetes.Client;

/// <summary>The part of metav1.Status that error handling reads.</summary>
internal sealed record KubeStatus
{
    public string? Status { get; init; }
    public string? Message { get; init; }
    public string? Reason { get; init; }
    public int Code { get; init; }
    public KubeStatusDetails? Details { get; init; }

    /// <param name="retryAfter">The response's <c>Retry-After</c> header; the body's <c>retryAfterSeconds</c> otherwise.</param>
    public KubeApiException ToException(HttpStatusCode fallbackCode, TimeSpan? retryAfter = null)
    {
        var code = Code != 0 ? (HttpStatusCode)Code : fallbackCode;
        var message = Message ?? "";
        var after = retryAfter ?? (Details?.RetryAfterSeconds is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : null);
        return code == HttpStatusCode.Gone
            ? new ResourceVersionExpiredException(Reason, message) { RetryAfter = after }
            : new KubeApiException(code, Reason, message) { RetryAfter = after };
    }
}
