using System.Net;

namespace LvsOperator.Kubernetes.Client;

/// <summary>The part of metav1.Status that error handling reads.</summary>
internal sealed record KubeStatus
{
    public string? Status { get; init; }
    public string? Message { get; init; }
    public string? Reason { get; init; }
    public int Code { get; init; }

    public KubeApiException ToException(HttpStatusCode fallbackCode)
    {
        var code = Code != 0 ? (HttpStatusCode)Code : fallbackCode;
        var message = Message ?? "";
        return code == HttpStatusCode.Gone
            ? new ResourceVersionExpiredException(Reason, message)
            : new KubeApiException(code, Reason, message);
    }
}
