using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace LvsOperator.EnvTest;

/// <summary>
/// The control plane's certificates, made in memory: a CA, the API server's serving certificate and client
/// certificates signed by the CA (the API server's <c>--client-ca-file</c>). ECDSA P-256 keys: fast to make.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);

    private TestCertificates(X509Certificate2 authority) => Authority = authority;

    /// <summary>The CA, with its private key.</summary>
    public X509Certificate2 Authority { get; }

    public static TestCertificates Create()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=lvsoperator-envtest-ca", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return new TestCertificates(request.CreateSelfSigned(now.AddMinutes(-5), now.Add(Lifetime)));
    }

    /// <summary>A serving certificate for 127.0.0.1, ::1 and localhost, plus <paramref name="extraNames"/> (IP addresses or DNS names).</summary>
    public X509Certificate2 CreateServing(IEnumerable<string> extraNames)
    {
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        names.AddDnsName("localhost");
        foreach (var name in extraNames)
        {
            if (IPAddress.TryParse(name, out var address)) names.AddIpAddress(address);
            else names.AddDnsName(name);
        }

        return Issue("CN=kube-apiserver", names.Build(), new Oid("1.3.6.1.5.5.7.3.1", "serverAuth"));
    }

    /// <summary>A client certificate: the API server reads the user from CN and the groups from each O.</summary>
    public X509Certificate2 CreateClient(string user, params string[] groups)
    {
        var subject = string.Join(", ", groups.Select(g => $"O={g}").Prepend($"CN={user}"));
        return Issue(subject, null, new Oid("1.3.6.1.5.5.7.3.2", "clientAuth"));
    }

    private X509Certificate2 Issue(string subject, X509Extension? names, Oid usage)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Authority, true, false));
        if (names is not null) request.CertificateExtensions.Add(names);
        var now = DateTimeOffset.UtcNow;
        // The CA's NotAfter is stored to the second, so a leaf issued a moment later must not outlive it.
        var notAfter = now.Add(Lifetime) < Authority.NotAfter ? now.Add(Lifetime) : new DateTimeOffset(Authority.NotAfter);
        using var issued = request.Create(Authority, now.AddMinutes(-5), notAfter, RandomNumberGenerator.GetBytes(16));
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>The certificate as PEM, and its private key as PKCS#8 PEM.</summary>
    public static (string Certificate, string Key) ToPem(X509Certificate2 certificate)
    {
        using var key = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("no ECDSA private key");
        return (certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    public void Dispose() => Authority.Dispose();
}
