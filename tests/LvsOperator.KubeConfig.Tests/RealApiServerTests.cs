using System.Net;
using System.Runtime.Versioning;
using System.Security.Authentication;
using System.Text.Json.Nodes;
using LvsOperator.EnvTest;
using LvsOperator.Kubernetes.Client;

namespace LvsOperator.KubeConfig.Tests;

/// <summary>One kube-apiserver for these tests; its serving certificate also names kube.lvs.test (tls-server-name).</summary>
public sealed class NamedApiServerFixture : ApiServerFixture
{
    protected override ApiServerOptions Options => new() { ExtraServingNames = ["kube.lvs.test"] };
}

[CollectionDefinition(Name)]
public sealed class RealApiServerCollection : ICollectionFixture<NamedApiServerFixture>
{
    public const string Name = "kube-apiserver for kubeconfig";
}

/// <summary>
/// kubeconfigs loaded as the agent loads them, then used by the product's client against a real kube-apiserver
/// with RBAC: the anonymous user may list nothing, so every listing here proves the credentials were sent.
/// </summary>
[Collection(RealApiServerCollection.Name)]
public sealed class RealApiServerTests(NamedApiServerFixture fixture) : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("kubeconfig-real").FullName;

    private KubeApiServer Server => fixture.Server;

    private static KubeApiClient Connect(string kubeconfig) =>
        new(KubeClientLoader.Load(new KubeClientOptions { Kubeconfig = kubeconfig }, new KubeConfigEnvironment(null, null, false)).Connect());

    [Fact]
    public async Task A_client_certificate_kubeconfig_lists_what_anonymous_may_not()
    {
        // The harness's admin (system:masters); IssueClientCertificate after start-up outlives its CA (harness issue).
        var kubeconfig = Kubeconfig.WriteForCertificate(Path.Combine(folder, "cert.kubeconfig"), Server, Server.AdminCertificate);
        using var client = Connect(kubeconfig);

        var nodes = await client.Resource(ResourceTypes.Nodes).ListAsync();
        using var anonymous = new KubeApiClient(new KubeConnection(Server.Server, Server.CreateHandler(), _ => ValueTask.FromResult<string?>(null)));
        var refused = await Assert.ThrowsAsync<KubeApiException>(() => anonymous.Resource(ResourceTypes.Nodes).ListAsync());

        Assert.NotEmpty(nodes.ResourceVersion);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task A_token_kubeconfig_gets_what_its_service_account_may_and_is_refused_the_rest()
    {
        var token = await ServiceAccountTokenAsync("kc-token");
        var kubeconfig = Kubeconfig.WriteForToken(Path.Combine(folder, "token.kubeconfig"), Server, token);
        using var client = Connect(kubeconfig);

        await client.Resource(ResourceTypes.Services).ListAsync("default");
        var refused = await Assert.ThrowsAsync<KubeApiException>(() => client.Resource(ResourceTypes.Services).ListAsync("kube-system"));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("system:serviceaccount:default:kc-token", refused.ServerMessage, StringComparison.Ordinal);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task An_exec_plugin_kubeconfig_sends_the_token_the_plugin_prints()
    {
        var token = await ServiceAccountTokenAsync("kc-exec");
        var plugin = Path.Combine(folder, "plugin");
        await File.WriteAllTextAsync(plugin, "#!/bin/sh\nprintf '{\"apiVersion\":\"client.authentication.k8s.io/v1\","
            + "\"kind\":\"ExecCredential\",\"status\":{\"token\":\"%s\"}}' \"$(cat \"$(dirname \"$0\")/token\")\"\n");
        await File.WriteAllTextAsync(Path.Combine(folder, "token"), token);
        File.SetUnixFileMode(plugin, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var kubeconfig = Edit(Kubeconfig.WriteForToken(Path.Combine(folder, "exec.kubeconfig"), Server, "unused"), config =>
            config["users"]![0]!["user"] = new JsonObject
            {
                ["exec"] = new JsonObject { ["apiVersion"] = "client.authentication.k8s.io/v1", ["command"] = plugin, ["interactiveMode"] = "Never" },
            });
        using var client = Connect(kubeconfig);

        var refused = await Assert.ThrowsAsync<KubeApiException>(() => client.Resource(ResourceTypes.Services).ListAsync("kube-system"));

        await client.Resource(ResourceTypes.Services).ListAsync("default");
        Assert.Contains("system:serviceaccount:default:kc-exec", refused.ServerMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tls_server_name_is_the_name_the_serving_certificate_is_checked_against()
    {
        var kubeconfig = Kubeconfig.WriteForCertificate(Path.Combine(folder, "sni.kubeconfig"), Server, Server.AdminCertificate);
        var named = Edit(kubeconfig, config => config["clusters"]![0]!["cluster"]!["tls-server-name"] = "kube.lvs.test", "named.kubeconfig");
        var misnamed = Edit(kubeconfig, config => config["clusters"]![0]!["cluster"]!["tls-server-name"] = "other.lvs.test", "misnamed.kubeconfig");
        using var good = Connect(named);
        using var bad = Connect(misnamed);

        await good.Resource(ResourceTypes.Nodes).ListAsync();
        // 127.0.0.1 is on the certificate too: only the tls-server-name can make this fail.
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => bad.Resource(ResourceTypes.Nodes).ListAsync());

        Assert.IsType<AuthenticationException>(refused.InnerException);
    }

    private async Task<string> ServiceAccountTokenAsync(string name)
    {
        (await Server.KubectlAsync("create", "serviceaccount", name, "-n", "default")).EnsureSuccess();
        (await Server.KubectlAsync("create", "role", name, "--verb=list", "--resource=services", "-n", "default")).EnsureSuccess();
        (await Server.KubectlAsync("create", "rolebinding", name, $"--role={name}", $"--serviceaccount=default:{name}", "-n", "default"))
            .EnsureSuccess();
        return await Server.CreateTokenAsync("default", name);
    }

    private string Edit(string kubeconfig, Action<JsonNode> edit, string? saveAs = null)
    {
        var config = JsonNode.Parse(File.ReadAllText(kubeconfig))!;
        edit(config);
        var path = saveAs is null ? kubeconfig : Path.Combine(folder, saveAs);
        File.WriteAllText(path, config.ToJsonString());
        return path;
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
