using System.Security.Cryptography.X509Certificates;

namespace LvsOperator.Kubernetes.Client;

/// <summary>
/// How to reach one API server and prove who we are, in BCL types: what a kubeconfig context says once a
/// loader has read it (the hosts parse kubeconfig with KubernetesClient; this assembly stays free of it).
/// </summary>
public sealed record KubeEndpoint
{
    public required Uri Server { get; init; }

    /// <summary>The only roots the server's certificate may chain to; empty trusts the system store.</summary>
    public X509Certificate2Collection CertificateAuthorities { get; init; } = [];

    /// <summary>Presented when the server asks (kubeconfig <c>client-certificate</c>/<c>client-key</c>).</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>
    /// The name sent in SNI and checked against the server's certificate instead of the URL's host
    /// (kubeconfig <c>tls-server-name</c>: a server reached by address whose certificate names a host).
    /// </summary>
    public string? TlsServerName { get; init; }

    /// <summary>kubeconfig <c>insecure-skip-tls-verify</c>: any certificate is accepted.</summary>
    public bool InsecureSkipTlsVerify { get; init; }

    /// <summary>The bearer token for the next request (a static token, a token file, an exec plugin); null sends none.</summary>
    public Func<CancellationToken, ValueTask<string?>> TokenProvider { get; init; } = _ => ValueTask.FromResult<string?>(null);

    /// <summary>The context's namespace, if it names one.</summary>
    public string? Namespace { get; init; }
}
