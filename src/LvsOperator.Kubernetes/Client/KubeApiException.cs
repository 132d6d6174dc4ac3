using System.Net;

namespace LvsOperator.Kubernetes.Client;

/// <summary>
/// The API server refused a request. Status code, <c>reason</c> and message come from the <c>Status</c> body
/// it sent (metav1.Status); callers branch on the helpers, never on the message text.
/// </summary>
public class KubeApiException : Exception
{
    public KubeApiException()
    {
    }

    public KubeApiException(string message)
        : base(message)
    {
    }

    public KubeApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public KubeApiException(HttpStatusCode statusCode, string? reason, string message)
        : base($"{(int)statusCode} {reason ?? statusCode.ToString()}: {message}")
    {
        StatusCode = statusCode;
        Reason = reason;
        ServerMessage = message;
    }

    public HttpStatusCode StatusCode { get; }

    /// <summary>metav1.StatusReason: <c>Conflict</c>, <c>AlreadyExists</c>, <c>NotFound</c>, <c>Expired</c>, ...</summary>
    public string? Reason { get; }

    /// <summary>The server's own words.</summary>
    public string ServerMessage { get; } = "";

    /// <summary>
    /// How long the server asked the client to wait before trying again (the <c>Retry-After</c> header, or the
    /// Status's <c>details.retryAfterSeconds</c>): a 429 from a server whose storage is still initializing, say.
    /// </summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>A write lost an optimistic-concurrency race (stale resourceVersion): read again and retry.</summary>
    public bool IsConflict => StatusCode == HttpStatusCode.Conflict && Reason is null or "Conflict";

    public bool IsAlreadyExists => StatusCode == HttpStatusCode.Conflict && Reason == "AlreadyExists";

    public bool IsNotFound => StatusCode == HttpStatusCode.NotFound;

    /// <summary>The resourceVersion or continue token is older than the server keeps: list again.</summary>
    public bool IsGone => StatusCode == HttpStatusCode.Gone;

    /// <summary>429 Too Many Requests: the server is busy or not ready yet, not refusing the request itself.</summary>
    public bool IsTooManyRequests => StatusCode == HttpStatusCode.TooManyRequests;
}
