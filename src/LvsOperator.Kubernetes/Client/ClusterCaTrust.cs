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
    /// The chain policy the TLS handshake builds with: the given CAs are the only roots, so the system store is
    /// never read (over a slow file system that read cost an agent's first request its whole timeout). The
    /// host-name check stays the handshake's own.
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
