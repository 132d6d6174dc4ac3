using System.Diagnostics.CodeAnalysis;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace LvsOperator.Kubernetes.Client;

/// <summary>
/// Where the API server is and how to authenticate to it: a base address, the HTTP handler that reaches it
/// (TLS trust lives there) and a bearer-token source that is asked before every request, so a projected
/// service-account token that the kubelet rotates is picked up without a restart.
/// </summary>
public sealed class KubeConnection
{
    /// <summary>Where a pod finds its service account (token, ca.crt, namespace).</summary>
    public const string ServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

    public KubeConnection(Uri server, HttpMessageHandler handler, Func<CancellationToken, ValueTask<string?>> tokenProvider, string? @namespace = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(tokenProvider);
        Server = server;
        Handler = handler;
        TokenProvider = tokenProvider;
        Namespace = @namespace;
    }

    public Uri Server { get; }

    /// <summary>Owned by the <see cref="KubeApiClient"/> built on this connection, which disposes it.</summary>
    public HttpMessageHandler Handler { get; }

    /// <summary>The bearer token for the next request; null sends none.</summary>
    public Func<CancellationToken, ValueTask<string?>> TokenProvider { get; }

    /// <summary>The namespace the process runs in, when known (in cluster: the service account's).</summary>
    public string? Namespace { get; }

    /// <summary>Bound on every request but watches, whose length the server's <c>timeoutSeconds</c> sets.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A plain server address (tests, or a host that adapted a kubeconfig itself).</summary>
    public static KubeConnection ForServer(Uri server, string? bearerToken = null, HttpMessageHandler? handler = null) =>
        new(server, handler ?? new SocketsHttpHandler(), _ => ValueTask.FromResult(bearerToken));

    /// <summary>
    /// A connection that trusts only <see cref="KubeEndpoint.CertificateAuthorities"/> (when given), presents the
    /// client certificate, and names <see cref="KubeEndpoint.TlsServerName"/> in SNI and in the certificate check.
    /// </summary>
    [SuppressMessage("Security", "CA5359", Justification = "insecure-skip-tls-verify is the kubeconfig owner's explicit choice, as in client-go.")]
    public static KubeConnection Create(KubeEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var ssl = new SslClientAuthenticationOptions();
        var roots = endpoint.CertificateAuthorities;
        if (endpoint.InsecureSkipTlsVerify)
        {
            ssl.RemoteCertificateValidationCallback = (_, _, _, _) => true;
        }
        else if (roots.Count > 0)
        {
            ssl.CertificateChainPolicy = ClusterCaTrust.Policy(roots);
        }

        if (endpoint.ClientCertificate is { } client)
        {
            ssl.ClientCertificates = [client];
            // Offered whatever CAs the server lists as acceptable: a proxy in front of the API server may list none.
            ssl.LocalCertificateSelectionCallback = (_, _, _, _, _) => client;
        }

        HttpMessageHandler handler = new SocketsHttpHandler { SslOptions = ssl };
        if (!string.IsNullOrEmpty(endpoint.TlsServerName))
        {
            handler = new ServerNameHandler(endpoint.TlsServerName) { InnerHandler = handler };
        }

        return new KubeConnection(endpoint.Server, handler, endpoint.TokenProvider, endpoint.Namespace);
    }

    /// <summary>
    /// The pod's own view: <c>KUBERNETES_SERVICE_HOST</c>/<c>_PORT</c>, and the service account's token, CA and
    /// namespace. The server certificate must chain to that CA and nothing else.
    /// </summary>
    public static KubeConnection InCluster(TimeProvider? timeProvider = null)
    {
        var host = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST");
        var port = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_PORT");
        if (string.IsNullOrEmpty(host) || string.IsNullOrEmpty(port))
        {
            throw new InvalidOperationException("Not in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be set.");
        }

        // An IPv6 service address needs brackets in a URI.
        var authority = host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{port}" : $"{host}:{port}";
        return InCluster(new Uri($"https://{authority}"), ServiceAccountDirectory, timeProvider ?? TimeProvider.System);
    }

    internal static KubeConnection InCluster(Uri server, string serviceAccountDirectory, TimeProvider timeProvider)
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(Path.Combine(serviceAccountDirectory, "ca.crt"));
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                CertificateChainPolicy = ClusterCaTrust.Policy(roots),
            },
        };
        var token = new ServiceAccountToken(Path.Combine(serviceAccountDirectory, "token"), timeProvider);
        var namespaceFile = Path.Combine(serviceAccountDirectory, "namespace");
        var @namespace = File.Exists(namespaceFile) ? File.ReadAllText(namespaceFile).Trim() : null;
        return new KubeConnection(server, handler, token.GetAsync, @namespace);
    }
}
