using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using LvsOperator.Kubernetes.Client;

namespace LvsOperator.Kubernetes.Tests.Client;

/// <summary>
/// The handshake a <see cref="KubeConnection.Create"/> connection makes with a custom CA, against a loopback TLS
/// server: the server certificate must chain to that CA and nothing else, and carry the expected name.
/// </summary>
public sealed class ClusterCaTrustTests
{
    private const string ServerName = "kube.lvs.test";

    [Fact]
    public async Task A_server_certificate_issued_by_the_cluster_CA_is_trusted()
    {
        using var ca = TestCertificates.CreateCa("cluster-ca");
        using var certificate = TestCertificates.Issue(ca, ServerName);

        var status = await GetAsync(certificate, [ca], ServerName);

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task A_server_certificate_from_another_CA_is_refused()
    {
        using var ca = TestCertificates.CreateCa("cluster-ca");
        using var stranger = TestCertificates.CreateCa("stranger-ca");
        using var certificate = TestCertificates.Issue(stranger, ServerName);

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => GetAsync(certificate, [ca], ServerName));

        Assert.IsType<AuthenticationException>(refused.InnerException);
    }

    [Fact]
    public async Task A_name_mismatch_is_refused_even_from_the_cluster_CA()
    {
        using var ca = TestCertificates.CreateCa("cluster-ca");
        using var certificate = TestCertificates.Issue(ca, "other.lvs.test");

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => GetAsync(certificate, [ca], ServerName));

        Assert.IsType<AuthenticationException>(refused.InnerException);
    }

    [Fact]
    public void The_policy_trusts_the_given_CAs_alone_and_checks_no_revocation()
    {
        using var ca = TestCertificates.CreateCa("cluster-ca");
        using var stranger = TestCertificates.CreateCa("stranger-ca");
        using var ours = TestCertificates.Issue(ca, ServerName);
        using var theirs = TestCertificates.Issue(stranger, ServerName);
        using var chain = new X509Chain { ChainPolicy = ClusterCaTrust.Policy([ca]) };

        Assert.True(chain.Build(ours));
        Assert.False(chain.Build(theirs));
        Assert.Equal(X509RevocationMode.NoCheck, chain.ChainPolicy.RevocationMode);
    }

    /// <summary>One HTTPS GET through the product's handler to a loopback server presenting <paramref name="certificate"/>.</summary>
    private static async Task<HttpStatusCode> GetAsync(X509Certificate2 certificate, X509Certificate2Collection roots, string serverName)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var serving = ServeOnceAsync(listener, certificate);
        var connection = KubeConnection.Create(new KubeEndpoint
        {
            Server = new Uri($"https://127.0.0.1:{port}"),
            CertificateAuthorities = roots,
            TlsServerName = serverName,
        });
        using var client = new HttpClient(connection.Handler);
        try
        {
            using var response = await client.GetAsync(connection.Server);
            return response.StatusCode;
        }
        finally
        {
            listener.Stop();
            await serving;
        }
    }

    private static async Task ServeOnceAsync(TcpListener listener, X509Certificate2 certificate)
    {
        using var socket = await listener.AcceptTcpClientAsync();
        await using var tls = new SslStream(socket.GetStream());
        try
        {
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate });
            using var reader = new StreamReader(tls, leaveOpen: true);
            while (!string.IsNullOrEmpty(await reader.ReadLineAsync()))
            {
            }

            await tls.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray());
        }
        catch (Exception e) when (e is AuthenticationException or IOException)
        {
            // The client refused the certificate: the handshake or the read fails on this side too.
        }
    }
}
