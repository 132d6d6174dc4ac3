using System.Diagnostics;
using System.Net;
using LvsOperator.Kubernetes.Client;
using Xunit.Abstractions;

namespace LvsOperator.ApiServer.Tests;

/// <summary>The harness itself: a server of its own (not the collection's), so stopping it can be checked.</summary>
public sealed class HarnessTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Starts_a_real_api_server_that_each_identity_reaches_and_stops_it_by_pid()
    {
        var server = await KubeApiServer.StartAsync(new ApiServerOptions { ExtraServingNames = ["10.0.2.100"] });
        int apiServerPid = server.ApiServerProcessId, etcdPid = server.EtcdProcessId;
        var directory = server.Directory;
        output.WriteLine($"etcd + kube-apiserver ready in {server.StartupTime.TotalMilliseconds:F0} ms");
        try
        {
            using var admin = server.CreateAdminHttpClient();
            var version = await admin.GetStringAsync(new Uri("/version", UriKind.Relative));
            Assert.Contains("\"gitVersion\": \"v1.36.2\"", version);

            // Without credentials the server knows no one; RBAC forbids the anonymous user.
            using var anonymous = new HttpClient(server.CreateHandler()) { BaseAddress = server.Server };
            using var refused = await anonymous.GetAsync(new Uri("/api/v1/namespaces", UriKind.Relative));
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

            await server.KubectlAsync("create", "serviceaccount", "probe", "-n", "default").ContinueWith(t => t.Result.EnsureSuccess());
            var token = await server.CreateTokenAsync("default", "probe");
            var kubeconfig = Kubeconfig.WriteForToken(Path.Combine(directory, "probe.kubeconfig"), server, token);
            var whoami = (await Kubectl.RunAsync(kubeconfig, ["auth", "whoami", "-o", "jsonpath={.status.userInfo.username}"])).EnsureSuccess();
            Assert.Equal("system:serviceaccount:default:probe", whoami.Stdout);

            var adminWhoami = (await server.KubectlAsync("auth", "whoami", "-o", "jsonpath={.status.userInfo.groups}")).EnsureSuccess();
            Assert.Contains("system:masters", adminWhoami.Stdout);

            using var client = new KubeApiClient(server.TokenConnection(token));
            Assert.NotNull(client.Connection.Server);
        }
        finally
        {
            await server.DisposeAsync();
        }

        Assert.False(IsRunning(apiServerPid), "kube-apiserver still runs");
        Assert.False(IsRunning(etcdPid), "etcd still runs");
        Assert.False(Directory.Exists(directory), "the temporary folder is still there");
    }

    [Fact]
    public void Serving_certificate_names_the_extra_addresses()
    {
        using var certificates = TestCertificates.Create();
        using var serving = certificates.CreateServing(["10.0.2.100", "api.example"]);
        var names = serving.Extensions.OfType<System.Security.Cryptography.X509Certificates.X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["127.0.0.1", "::1", "10.0.2.100"], names.EnumerateIPAddresses().Select(a => a.ToString()));
        Assert.Equal(["localhost", "api.example"], names.EnumerateDnsNames());
    }

    [Fact]
    public void Missing_binaries_are_an_error_that_says_where_it_looked()
    {
        var error = Assert.Throws<InvalidOperationException>(() => EnvTestAssets.Find("/nonexistent/envtest"));
        Assert.Contains("KUBEBUILDER_ASSETS=/nonexistent/envtest", error.Message);
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
