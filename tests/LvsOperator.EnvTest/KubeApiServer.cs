using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LvsOperator.Kubernetes.Client;

namespace LvsOperator.EnvTest;

/// <summary>
/// etcd + kube-apiserver on free loopback ports, RBAC on, with certificates made for this run. Everything lives in
/// one temporary folder, removed on dispose after both processes are stopped by their PIDs.
/// </summary>
public sealed class KubeApiServer : IAsyncDisposable
{
    public const string AdminUser = "envtest-admin";

    private readonly TestCertificates certificates;
    private readonly List<string> apiServerArguments;
    private ControlPlaneProcess etcd;
    private ControlPlaneProcess apiServer;

    private KubeApiServer(string directory, TestCertificates certificates, X509Certificate2 admin, Uri server, Uri etcdEndpoint,
        ControlPlaneProcess etcd, ControlPlaneProcess apiServer, List<string> apiServerArguments)
    {
        Directory = directory;
        EtcdEndpoint = etcdEndpoint;
        this.certificates = certificates;
        AdminCertificate = admin;
        Server = server;
        this.etcd = etcd;
        this.apiServer = apiServer;
        this.apiServerArguments = apiServerArguments;
        AdminKubeconfig = Kubeconfig.WriteForCertificate(Path.Combine(directory, "admin.kubeconfig"), this, admin);
    }

    /// <summary>The temporary folder: certificates, logs (etcd.log, kube-apiserver.log), etcd's data, kubeconfigs.</summary>
    public string Directory { get; }

    public Uri Server { get; }

    /// <summary>etcd's client URL (plain HTTP on loopback): its gRPC gateway takes JSON, e.g. <c>POST /v3/kv/compaction</c>.</summary>
    public Uri EtcdEndpoint { get; }

    public X509Certificate2 CertificateAuthority => certificates.Authority;

    /// <summary>PEM file of the CA that signs the serving and client certificates.</summary>
    public string CertificateAuthorityPath => Path.Combine(Directory, "ca.crt");

    /// <summary>A <c>system:masters</c> client certificate.</summary>
    public X509Certificate2 AdminCertificate { get; }

    /// <summary>A kubeconfig file for the admin certificate (what <see cref="Kubectl"/> uses).</summary>
    public string AdminKubeconfig { get; }

    public int EtcdProcessId => etcd.Id;

    public int ApiServerProcessId => apiServer.Id;

    /// <summary>From the first process start to /readyz answering 200.</summary>
    public TimeSpan StartupTime { get; private set; }

    public static async Task<KubeApiServer> StartAsync(ApiServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ApiServerOptions();
        var etcdBinary = EnvTestAssets.Etcd;
        var apiServerBinary = EnvTestAssets.KubeApiServer;
        var clock = Stopwatch.StartNew();
        var certificates = TestCertificates.Create();
        var admin = certificates.CreateClient(AdminUser, "system:masters");
        var directory = System.IO.Directory.CreateTempSubdirectory("lvs-envtest-").FullName;
        ControlPlaneProcess? etcd = null;
        KubeApiServer server;
        try
        {
            WriteFiles(directory, certificates, options);
            int etcdPort = ControlPlaneProcess.FreePort(), peerPort = ControlPlaneProcess.FreePort(), port = ControlPlaneProcess.FreePort();
            etcd = ControlPlaneProcess.Start(etcdBinary, EtcdArguments(directory, etcdPort, peerPort), Path.Combine(directory, "etcd.log"));
            var arguments = ApiServerArguments(directory, etcdPort, port, options);
            var apiServer = ControlPlaneProcess.Start(apiServerBinary, arguments, Path.Combine(directory, "kube-apiserver.log"));
            server = new KubeApiServer(directory, certificates, admin, new Uri($"https://127.0.0.1:{port}"),
                new Uri($"http://127.0.0.1:{etcdPort}"), etcd, apiServer, arguments);
        }
        catch
        {
            // Nothing may outlive a failed start: no process, no folder.
            etcd?.Dispose();
            admin.Dispose();
            certificates.Dispose();
            System.IO.Directory.Delete(directory, recursive: true);
            throw;
        }

        try
        {
            await server.WaitReadyAsync(options.StartTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        server.StartupTime = clock.Elapsed;
        return server;
    }

    /// <summary>An HTTP handler that trusts only this run's CA and presents <paramref name="clientCertificate"/>, if any.</summary>
    public HttpMessageHandler CreateHandler(X509Certificate2? clientCertificate = null)
    {
        var authority = certificates.Authority;
        var options = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, errors) => IsIssuedByAuthority(certificate, errors, authority),
        };
        if (clientCertificate is not null) options.ClientCertificates = [clientCertificate];
        return new SocketsHttpHandler { SslOptions = options };
    }

    /// <summary>The product's connection, as <c>system:masters</c>.</summary>
    public KubeConnection AdminConnection() =>
        new(Server, CreateHandler(AdminCertificate), _ => ValueTask.FromResult<string?>(null));

    /// <summary>The product's connection with a bearer token (a service account's: <see cref="ClusterRequests.CreateTokenAsync"/>).</summary>
    public KubeConnection TokenConnection(string token, string? @namespace = null) =>
        new(Server, CreateHandler(), _ => ValueTask.FromResult<string?>(token), @namespace);

    /// <summary>A plain HTTP client as <c>system:masters</c>, for requests the product's client has no type for.</summary>
    public HttpClient CreateAdminHttpClient() => new(CreateHandler(AdminCertificate)) { BaseAddress = Server };

    /// <summary>A client certificate for <paramref name="user"/> in <paramref name="groups"/>, signed by this run's CA.</summary>
    public X509Certificate2 IssueClientCertificate(string user, params string[] groups) => certificates.CreateClient(user, groups);

    /// <summary>Stops kube-apiserver and starts it again on the same port, etcd's data kept (an API server restart).</summary>
    public async Task RestartApiServerAsync(CancellationToken cancellationToken = default)
    {
        apiServer.Dispose();
        apiServer = ControlPlaneProcess.Start(EnvTestAssets.KubeApiServer, apiServerArguments, Path.Combine(Directory, "kube-apiserver.log"));
        await WaitReadyAsync(TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops kube-apiserver only; <see cref="RestartApiServerAsync"/> brings it back.</summary>
    public void StopApiServer() => apiServer.Dispose();

    public ValueTask DisposeAsync()
    {
        apiServer.Dispose();
        etcd.Dispose();
        AdminCertificate.Dispose();
        certificates.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A log still being flushed by a dying process: one more try, then leave it in /tmp.
            Thread.Sleep(200);
            if (System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
        }

        return ValueTask.CompletedTask;
    }

    private async Task WaitReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = CreateAdminHttpClient();
        http.Timeout = TimeSpan.FromSeconds(5);
        var deadline = Stopwatch.StartNew();
        var last = "no answer yet";
        while (deadline.Elapsed < timeout)
        {
            if (apiServer.HasExited || etcd.HasExited)
            {
                var which = apiServer.HasExited ? apiServer : etcd;
                throw new InvalidOperationException($"{Path.GetFileName(which.LogPath)} process exited during start-up:\n{which.Tail(15)}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/readyz", UriKind.Relative), cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK) return;
                last = $"/readyz answered {(int)response.StatusCode}";
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                last = "/readyz timed out";
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"kube-apiserver not ready after {timeout} ({last}):\n{apiServer.Tail(15)}");
    }

    private static bool IsIssuedByAuthority(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2 authority)
    {
        const SslPolicyErrors fatal = SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateNameMismatch;
        if (certificate is null || (errors & fatal) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var loaded = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(loaded);
    }

    private static void WriteFiles(string directory, TestCertificates certificates, ApiServerOptions options)
    {
        File.WriteAllText(Path.Combine(directory, "ca.crt"), certificates.Authority.ExportCertificatePem());
        using var serving = certificates.CreateServing(options.ExtraServingNames);
        var (servingPem, servingKey) = TestCertificates.ToPem(serving);
        File.WriteAllText(Path.Combine(directory, "serving.crt"), servingPem);
        File.WriteAllText(Path.Combine(directory, "serving.key"), servingKey);
        using var signing = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        File.WriteAllText(Path.Combine(directory, "sa.key"), signing.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(Path.Combine(directory, "sa.pub"), signing.ExportSubjectPublicKeyInfoPem());
    }

    private static List<string> EtcdArguments(string directory, int clientPort, int peerPort) =>
    [
        "--name=envtest", $"--data-dir={Path.Combine(directory, "etcd")}",
        $"--listen-client-urls=http://127.0.0.1:{clientPort}", $"--advertise-client-urls=http://127.0.0.1:{clientPort}",
        $"--listen-peer-urls=http://127.0.0.1:{peerPort}", $"--initial-advertise-peer-urls=http://127.0.0.1:{peerPort}",
        $"--initial-cluster=envtest=http://127.0.0.1:{peerPort}", "--unsafe-no-fsync", "--log-level=warn",
    ];

    private static List<string> ApiServerArguments(string directory, int etcdPort, int port, ApiServerOptions options) =>
    [
        $"--etcd-servers=http://127.0.0.1:{etcdPort}",
        "--bind-address=127.0.0.1", "--advertise-address=127.0.0.1", $"--secure-port={port}",
        $"--cert-dir={directory}",
        $"--tls-cert-file={Path.Combine(directory, "serving.crt")}", $"--tls-private-key-file={Path.Combine(directory, "serving.key")}",
        $"--client-ca-file={Path.Combine(directory, "ca.crt")}",
        $"--service-account-key-file={Path.Combine(directory, "sa.pub")}",
        $"--service-account-signing-key-file={Path.Combine(directory, "sa.key")}",
        "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
        $"--service-cluster-ip-range={options.ServiceClusterIpRange}",
        "--authorization-mode=RBAC",
        .. options.ExtraApiServerArguments,
    ];
}
