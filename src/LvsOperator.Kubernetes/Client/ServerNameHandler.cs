namespace LvsOperator.Kubernetes.Client;

/// <summary>
/// Sends every request with the Host header set to a kubeconfig's <c>tls-server-name</c>. SocketsHttpHandler
/// takes the TLS target host (SNI, and the name the certificate must carry) from the Host header when there is
/// one, and overwrites <c>SslClientAuthenticationOptions.TargetHost</c> otherwise; the API server ignores Host.
/// </summary>
internal sealed class ServerNameHandler(string serverName) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Host = serverName;
        return base.SendAsync(request, cancellationToken);
    }
}
