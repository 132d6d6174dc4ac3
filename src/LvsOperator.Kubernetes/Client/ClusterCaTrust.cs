using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace LvsOperator.Kubernetes.Client;

/// <summary>
/// Judges the API server's certificate against the cluster's CA alone: the service account's <c>ca.crt</c>, or a
/// kubeconfig's <c>certificate-authority</c>. The cluster CA is not in the system store, and trusting everything
/// would hand the token to whoever answers.
/// </summary>
internal static class ClusterCaTrust
{
    public static bool IsTrusted(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        // A missing certificate or a name that does not match fails whatever its issuer; only chain errors
        // are re-judged, because the system store does not hold the cluster CA.
        if (certificate is null
            || (errors & (SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateNameMismatch)) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        // Cluster CAs publish no revocation lists.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (certificate is X509Certificate2 certificate2)
        {
            return chain.Build(certificate2);
        }

        using var loaded = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(loaded);
    }
}
