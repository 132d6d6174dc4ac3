using System.Security.Cryptography.X509Certificates;
using LvsOperator.Kubernetes.Client;
using Microsoft.Extensions.Time.Testing;

namespace LvsOperator.Kubernetes.Tests.Client;

public sealed class InClusterTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("serviceaccount").FullName;

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
        using var ca = TestCertificates.CreateCa("cluster-ca");
        await File.WriteAllTextAsync(Path.Combine(directory, "ca.crt"), ca.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(directory, "token"), "sa-token");
        await File.WriteAllTextAsync(Path.Combine(directory, "namespace"), "lvs-system\n");

        var connection = KubeConnection.InCluster(new Uri("https://10.96.0.1:443"), directory, TimeProvider.System);
        using var client = new KubeApiClient(connection);

        Assert.Equal("lvs-system", connection.Namespace);
        Assert.Equal("sa-token", await connection.TokenProvider(CancellationToken.None));
        var handler = Assert.IsType<SocketsHttpHandler>(connection.Handler);
        Assert.Null(handler.SslOptions.RemoteCertificateValidationCallback);
        Assert.Equal(X509ChainTrustMode.CustomRootTrust, handler.SslOptions.CertificateChainPolicy?.TrustMode);
        Assert.Equal(ca, Assert.Single(handler.SslOptions.CertificateChainPolicy!.CustomTrustStore));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}
