using System.Security.Cryptography.X509Certificates;

namespace LvsOperator.Kubernetes.Client;

/// <summary>
/// Judges the API server's certificate against the cluster's CA alone: the service account's <c>ca.crt</c>, or a
/// kubeconfig's <c>certificate-authority</c>. The cluster CA is not in the system store, and trusting everything
/// would hand the token to whoever answers.
/// </summary>
internal static class ClusterCaTrust
{
    /// <summary>
    /// The chain policy the TLS handshake builds with: the given CAs are the only roots, and the host-name check
    /// stays the handshake's own. On Linux .NET still loads the system store for every chain (it is searched for
    /// intermediates); only <c>SSL_CERT_FILE</c>/<c>SSL_CERT_DIR</c> keep it out (see tests/lab/cluster).
    /// </summary>
    public static X509ChainPolicy Policy(X509Certificate2Collection roots)
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            // Cluster CAs publish no revocation lists.
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.AddRange(roots);
        return policy;
    }
}
