using System.Net;

namespace LvsOperator.Kubernetes.Client;

/// <summary>
/// HTTP 410: a watch or paged list asked for history the server has compacted away. The only way on is a
/// fresh list (client-go's reflector relists on exactly this).
/// </summary>
public sealed class ResourceVersionExpiredException : KubeApiException
{
    public ResourceVersionExpiredException()
        : this(null, "resource version expired")
    {
    }

    public ResourceVersionExpiredException(string message)
        : this(null, message)
    {
    }

    public ResourceVersionExpiredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ResourceVersionExpiredException(string? reason, string message)
        : base(HttpStatusCode.Gone, reason ?? "Expired", message)
    {
    }
}
