using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LvsOperator.Kubernetes.Client;
using Microsoft.Extensions.Time.Testing;

namespace LvsOperator.Kubernetes.Tests.Client;

public sealed class InClusterTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("serviceaccount").FullName;

    [Fact]
    public void A_server_certificate_issued_by_the_service_account_CA_is_trusted()
    {
        using var ca = CreateCa("cluster-ca");
        using var server = Issue(ca, "kubernetes");

        Assert.True(ClusterCaTrust.IsTrusted(server, SslPolicyErrors.RemoteCertificateChainErrors, [ca]));
    }

    [Fact]
    public void A_certificate_from_another_CA_is_refused()
    {
        using var ca = CreateCa("cluster-ca");
        using var stranger = CreateCa("stranger-ca");
        using var server = Issue(stranger, "kubernetes");

        Assert.False(ClusterCaTrust.IsTrusted(server, SslPolicyErrors.RemoteCertificateChainErrors, [ca]));
    }

    [Fact]
    public void A_name_mismatch_is_refused_even_from_the_right_CA()
    {
        using var ca = CreateCa("cluster-ca");
        using var server = Issue(ca, "kubernetes");

        Assert.False(ClusterCaTrust.IsTrusted(server, SslPolicyErrors.RemoteCertificateNameMismatch, [ca]));
        Assert.False(ClusterCaTrust.IsTrusted(null, SslPolicyErrors.None, [ca]));
    }

    [Fact]
    public async Task The_token_is_read_again_after_a_minute_so_rotation_is_picked_up()
    {
        var path = Path.Combine(directory, "token");
        await File.WriteAllTextAsync(path, "first\n");
        var time = new FakeTimeProvider();
        var token = new ServiceAccountToken(path, time);

        Assert.Equal("first", await token.GetAsync(CancellationToken.None));
        await File.WriteAllTextAsync(path, "rotated");
        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal("first", await token.GetAsync(CancellationToken.None));
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("rotated", await token.GetAsync(CancellationToken.None));
    }

    [Fact]
    public async Task In_cluster_reads_namespace_token_and_CA_from_the_service_account()
    {
        using var ca = CreateCa("cluster-ca");
        await File.WriteAllTextAsync(Path.Combine(directory, "ca.crt"), ca.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(directory, "token"), "sa-token");
        await File.WriteAllTextAsync(Path.Combine(directory, "namespace"), "lvs-system\n");

        var connection = KubeConnection.InCluster(new Uri("https://10.96.0.1:443"), directory, TimeProvider.System);
        using var client = new KubeApiClient(connection);

        Assert.Equal("lvs-system", connection.Namespace);
        Assert.Equal("sa-token", await connection.TokenProvider(CancellationToken.None));
        var handler = Assert.IsType<SocketsHttpHandler>(connection.Handler);
        Assert.NotNull(handler.SslOptions.RemoteCertificateValidationCallback);
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static X509Certificate2 CreateCa(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    private static X509Certificate2 Issue(X509Certificate2 ca, string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        var serial = new byte[8];
        RandomNumberGenerator.Fill(serial);
        using var issued = request.Create(ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(7), serial);
        return issued.CopyWithPrivateKey(key);
    }
}
