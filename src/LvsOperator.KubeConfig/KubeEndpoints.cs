using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s;
using LvsOperator.Hosting;
using LvsOperator.Kubernetes.Client;

namespace LvsOperator.KubeConfig;

/// <summary>A loaded <see cref="KubernetesClientConfiguration"/> in the BCL terms of <see cref="KubeEndpoint"/>.</summary>
public static class KubeEndpoints
{
    public static KubeEndpoint From(KubernetesClientConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (!Uri.TryCreate(configuration.Host, UriKind.Absolute, out var server) || server.Scheme is not ("http" or "https"))
            throw new StartupException($"The cluster's server '{configuration.Host}' is not an http or https URL.");
        // Removed from kube-apiserver in 1.19; failing here says so, where the server would only say 401.
        if (!string.IsNullOrEmpty(configuration.Username))
            throw new StartupException("The kubeconfig user has a username and password: basic authentication is not supported.");
        if (configuration.SkipTlsVerify && configuration.SslCaCerts is { Count: > 0 })
            throw new StartupException("The kubeconfig cluster has both insecure-skip-tls-verify and a certificate authority (client-go refuses this too).");

        return new KubeEndpoint
        {
            Server = server,
            CertificateAuthorities = configuration.SslCaCerts ?? [],
            ClientCertificate = ClientCertificate(configuration),
            TlsServerName = configuration.TlsServerName,
            InsecureSkipTlsVerify = configuration.SkipTlsVerify,
            TokenProvider = TokenProvider(configuration),
            Namespace = configuration.Namespace,
        };
    }

    /// <summary>
    /// A token provider (<c>tokenFile</c>, an exec plugin: KubernetesClient re-reads the file and re-runs the
    /// plugin when its token expires) is asked before every request; a plain <c>token</c> is sent as it is.
    /// </summary>
    private static Func<CancellationToken, ValueTask<string?>> TokenProvider(KubernetesClientConfiguration configuration)
    {
        if (configuration.TokenProvider is { } provider)
        {
            return async cancellationToken => (await provider.GetAuthenticationHeaderAsync(cancellationToken).ConfigureAwait(false)).Parameter;
        }

        var token = string.IsNullOrEmpty(configuration.AccessToken) ? null : configuration.AccessToken;
        return _ => ValueTask.FromResult(token);
    }

    /// <summary>
    /// The kubeconfig's <c>client-certificate-data</c>/<c>client-key-data</c> (base64 PEM; an exec plugin's PEM is
    /// stored the same way) or <c>client-certificate</c>/<c>client-key</c> files.
    /// </summary>
    private static X509Certificate2? ClientCertificate(KubernetesClientConfiguration configuration)
    {
        try
        {
            if (!string.IsNullOrEmpty(configuration.ClientCertificateData) && !string.IsNullOrEmpty(configuration.ClientCertificateKeyData))
            {
                return X509Certificate2.CreateFromPem(Pem(configuration.ClientCertificateData), Pem(configuration.ClientCertificateKeyData));
            }

            if (!string.IsNullOrEmpty(configuration.ClientCertificateFilePath) && !string.IsNullOrEmpty(configuration.ClientKeyFilePath))
            {
                return X509Certificate2.CreateFromPemFile(configuration.ClientCertificateFilePath, configuration.ClientKeyFilePath);
            }
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or FormatException or IOException)
        {
            throw new StartupException($"The kubeconfig user's client certificate or key cannot be read: {e.Message}", e);
        }

        if (!string.IsNullOrEmpty(configuration.ClientCertificateData) || !string.IsNullOrEmpty(configuration.ClientCertificateFilePath))
            throw new StartupException("The kubeconfig user has a client certificate without its key (client-key or client-key-data).");
        return null;
    }

    private static string Pem(string base64) => Encoding.UTF8.GetString(Convert.FromBase64String(base64));
}
