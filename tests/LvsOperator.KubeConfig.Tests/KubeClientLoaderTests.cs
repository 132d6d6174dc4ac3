using System.Runtime.Versioning;
using System.Text;
using LvsOperator.Hosting;
using LvsOperator.Kubernetes.Client;

namespace LvsOperator.KubeConfig.Tests;

/// <summary>kubeconfig files on disk read as the agent reads them (KubernetesClient.Aot), down to the KubeEndpoint.</summary>
public sealed class KubeClientLoaderTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("kubeconfig").FullName;
    private readonly TestPki pki = new();

    private static readonly KubeConfigEnvironment Nowhere = new(null, null, InCluster: false);

    private string Write(string name, string yaml)
    {
        var path = Path.Combine(folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, yaml);
        return path;
    }

    private static string Config(string clusters, string users, string contexts, string current = "") => $"""
        apiVersion: v1
        kind: Config
        clusters:
        {clusters}
        users:
        {users}
        contexts:
        {contexts}
        {(current.Length > 0 ? "current-context: " + current : "")}
        """;

    private static string Cluster(string name, string server, string extra = "") =>
        $"- name: {name}\n  cluster:\n    server: {server}\n" + extra;

    private static string TokenUser(string name, string token) => $"- name: {name}\n  user:\n    token: {token}\n";

    private static string Context(string name, string cluster, string user, string @namespace = "") =>
        $"- name: {name}\n  context:\n    cluster: {cluster}\n    user: {user}\n" + (@namespace.Length > 0 ? $"    namespace: {@namespace}\n" : "");

    private static LoadedKubeClient Load(string? kubeconfig = null, string? context = null, KubeConfigEnvironment? environment = null) =>
        KubeClientLoader.Load(new KubeClientOptions { Kubeconfig = kubeconfig ?? "", Context = context ?? "" }, environment ?? Nowhere);

    private static async Task<string?> TokenAsync(LoadedKubeClient loaded)
    {
        var connection = loaded.Connect();
        using (connection.Handler)
        {
            return await connection.TokenProvider(CancellationToken.None);
        }
    }

    [Fact]
    public async Task The_current_context_gives_server_token_and_namespace()
    {
        var path = Write("config", Config(
            Cluster("a", "https://192.0.2.10:6443"), TokenUser("ua", "token-a"), Context("ctx-a", "a", "ua", "lvs-system"), "ctx-a"));

        var loaded = Load(path);
        var endpoint = KubeEndpoints.From(loaded.Configuration);

        Assert.Equal(new Uri("https://192.0.2.10:6443"), endpoint.Server);
        Assert.Equal("ctx-a", loaded.Context);
        Assert.Equal("lvs-system", endpoint.Namespace);
        Assert.Equal("token-a", await TokenAsync(loaded));
        Assert.Equal(KubeConfigOrigin.Flag, loaded.Source.Origin);
    }

    [Fact]
    public async Task The_context_option_picks_another_cluster_and_user()
    {
        var path = Write("config", Config(
            Cluster("a", "https://192.0.2.10:6443") + Cluster("b", "https://198.18.0.20:6443"),
            TokenUser("ua", "token-a") + TokenUser("ub", "token-b"),
            Context("ctx-a", "a", "ua") + Context("ctx-b", "b", "ub"), "ctx-a"));

        var loaded = Load(path, context: "ctx-b");

        Assert.Equal("https://198.18.0.20:6443/", KubeEndpoints.From(loaded.Configuration).Server.AbsoluteUri);
        Assert.Equal("token-b", await TokenAsync(loaded));
    }

    [Fact]
    public void An_unknown_context_is_a_start_up_error_naming_the_known_ones()
    {
        var path = Write("config", Config(Cluster("a", "https://192.0.2.10:6443"), TokenUser("ua", "t"),
            Context("ctx-a", "a", "ua") + Context("ctx-b", "a", "ua"), "ctx-a"));

        var error = Assert.Throws<StartupException>(() => Load(path, context: "prod"));

        Assert.Equal($"The kubeconfig (--kubeconfig {path}) has no context 'prod' (it has ctx-a, ctx-b).", error.Message);
    }

    [Fact]
    public void No_current_context_and_no_option_is_a_start_up_error()
    {
        var path = Write("config", Config(Cluster("a", "https://192.0.2.10:6443"), TokenUser("ua", "t"), Context("ctx-a", "a", "ua")));

        var error = Assert.Throws<StartupException>(() => Load(path));

        Assert.Contains("has no current-context; name one with --context (it has ctx-a)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_kubeconfig_is_a_start_up_error_naming_it()
    {
        var path = Write("config", "clusters: [unclosed\n");

        var error = Assert.Throws<StartupException>(() => Load(path));

        Assert.StartsWith($"Cannot read the kubeconfig (--kubeconfig {path}): ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_context_naming_a_missing_user_is_a_start_up_error()
    {
        var path = Write("config", Config(Cluster("a", "https://192.0.2.10:6443"), TokenUser("ua", "t"), Context("ctx", "a", "nobody"), "ctx"));

        var error = Assert.Throws<StartupException>(() => Load(path));

        Assert.StartsWith($"The kubeconfig (--kubeconfig {path}), context 'ctx', cannot be used: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_custom_CA_by_relative_path_and_tls_server_name_reach_the_endpoint()
    {
        Write("pki/ca.crt", pki.Authority.ExportCertificatePem());
        var path = Write("config", Config(
            Cluster("a", "https://192.0.2.10:6443", "    certificate-authority: pki/ca.crt\n    tls-server-name: kube.lvs.test\n"),
            TokenUser("ua", "t"), Context("ctx", "a", "ua"), "ctx"));

        var endpoint = KubeEndpoints.From(Load(path).Configuration);

        Assert.Equal(pki.Authority.Thumbprint, Assert.Single(endpoint.CertificateAuthorities).Thumbprint);
        Assert.Equal("kube.lvs.test", endpoint.TlsServerName);
        Assert.False(endpoint.InsecureSkipTlsVerify);
    }

    [Fact]
    public async Task A_client_certificate_embedded_or_in_files_is_presented_with_its_key_and_no_token()
    {
        using var client = pki.CreateClient("lvs-agent");
        var (certificate, key) = TestPki.ToPem(client);
        Write("certs/agent.crt", certificate);
        Write("certs/agent.key", key);
        var users = $"- name: data\n  user:\n    client-certificate-data: {Base64(certificate)}\n    client-key-data: {Base64(key)}\n"
            + "- name: files\n  user:\n    client-certificate: certs/agent.crt\n    client-key: certs/agent.key\n";
        var path = Write("config", Config(Cluster("a", "https://192.0.2.10:6443"), users,
            Context("data", "a", "data") + Context("files", "a", "files"), "data"));

        foreach (var context in new[] { "data", "files" })
        {
            var loaded = Load(path, context);
            var presented = KubeEndpoints.From(loaded.Configuration).ClientCertificate;
            Assert.NotNull(presented);
            Assert.True(presented.HasPrivateKey, context);
            Assert.Equal(client.Thumbprint, presented.Thumbprint);
            Assert.Null(await TokenAsync(loaded));
        }
    }

    [Fact]
    public void A_certificate_without_its_key_is_a_start_up_error()
    {
        using var client = pki.CreateClient("lvs-agent");
        var users = $"- name: u\n  user:\n    client-certificate-data: {Base64(TestPki.ToPem(client).Certificate)}\n";
        var path = Write("config", Config(Cluster("a", "https://192.0.2.10:6443"), users, Context("c", "a", "u"), "c"));

        var error = Assert.Throws<StartupException>(() => Load(path));

        Assert.StartsWith($"The kubeconfig (--kubeconfig {path}), context 'c', cannot be used: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task An_exec_plugin_is_run_again_for_a_token_that_expires()
    {
        var plugin = Write("bin/token-plugin", """
            #!/bin/sh
            # A client.authentication.k8s.io exec plugin: a new token per run, valid for 10 s (KubernetesClient
            # refreshes 30 s before expiry, so every request runs it again).
            count="$(dirname "$0")/runs"
            n=$(( $(cat "$count" 2>/dev/null || echo 0) + 1 ))
            echo "$n" > "$count"
            expiry=$(date -u -d '+10 seconds' +%Y-%m-%dT%H:%M:%SZ)
            printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"exec-%s","expirationTimestamp":"%s"}}\n' "$n" "$expiry"
            """);
        File.SetUnixFileMode(plugin, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var users = "- name: u\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n"
            + "      command: ./bin/token-plugin\n      interactiveMode: Never\n";
        var path = Write("config", Config(Cluster("a", "https://192.0.2.10:6443"), users, Context("c", "a", "u"), "c"));

        var loaded = Load(path);
        var connection = loaded.Connect();
        using (connection.Handler)
        {
            var first = await connection.TokenProvider(CancellationToken.None);
            var second = await connection.TokenProvider(CancellationToken.None);

            Assert.StartsWith("exec-", first, StringComparison.Ordinal);
            Assert.StartsWith("exec-", second, StringComparison.Ordinal);
            Assert.NotEqual(first, second);
        }
    }

    [Fact]
    public async Task KUBECONFIG_files_merge_first_one_wins_and_paths_stay_relative_to_their_own_file()
    {
        Write("second/ca.crt", pki.Authority.ExportCertificatePem());
        var first = Write("first/config", Config(Cluster("a", "https://192.0.2.10:6443"), TokenUser("ua", "from-first"),
            Context("ctx", "a", "ua"), "ctx"));
        var second = Write("second/config", Config(
            Cluster("a", "https://198.18.0.99:6443") + Cluster("b", "https://198.18.0.20:6443", "    certificate-authority: ca.crt\n"),
            TokenUser("ua", "from-second") + TokenUser("ub", "token-b"),
            Context("ctx", "b", "ub") + Context("other", "b", "ub"), "other"));
        var environment = new KubeConfigEnvironment($"{first}:{second}", null, InCluster: false);

        var merged = Load(environment: environment);
        var other = Load(context: "other", environment: environment);

        Assert.Equal("ctx", merged.Context);
        Assert.Equal("https://192.0.2.10:6443/", KubeEndpoints.From(merged.Configuration).Server.AbsoluteUri);
        Assert.Equal("from-first", await TokenAsync(merged));
        Assert.Equal(pki.Authority.Thumbprint, Assert.Single(KubeEndpoints.From(other.Configuration).CertificateAuthorities).Thumbprint);
    }

    [Fact]
    public async Task Home_kube_config_is_read_when_nothing_else_is_given()
    {
        Write(".kube/config", Config(Cluster("a", "https://192.0.2.10:6443"), TokenUser("ua", "home-token"), Context("c", "a", "ua"), "c"));

        var loaded = Load(environment: new KubeConfigEnvironment(null, folder, InCluster: true));

        Assert.Equal(KubeConfigOrigin.Home, loaded.Source.Origin);
        Assert.Equal("home-token", await TokenAsync(loaded));
    }

    private static string Base64(string pem) => Convert.ToBase64String(Encoding.ASCII.GetBytes(pem));

    public void Dispose()
    {
        pki.Dispose();
        Directory.Delete(folder, recursive: true);
    }
}
