using LvsOperator.Kubernetes.Client;

namespace LvsOperator.Agent.Tests.RealApiServer;

/// <summary>The collection whose tests share one real API server with the agent's ServiceAccount and config/rbac.</summary>
[CollectionDefinition(Name)]
public sealed class AgentCluster : ICollectionFixture<AgentClusterFixture>
{
    public const string Name = "The agent on a real API server";
}

/// <summary>config/crd and config/rbac applied; a client as admin (the controller's part: NodeSlice specs) and one with the agent's token.</summary>
public sealed class AgentClusterFixture : ApiServerFixture, IDisposable
{
    public const string Namespace = "lvs-agent-test";

    private KubeApiClient? _admin;
    private KubeApiClient? _agent;

    public KubeApiClient Admin => _admin ?? throw new InvalidOperationException("not prepared");

    /// <summary>As the agent's ServiceAccount (lvs-operator/lvs-operator-agent), through a TokenRequest token.</summary>
    public KubeApiClient Agent => _agent ?? throw new InvalidOperationException("not prepared");

    protected override async Task PrepareAsync(KubeApiServer server)
    {
        (await server.InstallCrdsAsync(Repo.Path("config", "crd"))).EnsureSuccess();
        foreach (var ns in new[] { "lvs-operator", Namespace }) (await server.KubectlAsync("create", "namespace", ns)).EnsureSuccess();
        (await server.KubectlAsync("apply", "--server-side", "-f", Repo.Path("config", "rbac"))).EnsureSuccess();
        // What the chart's bgp.passwordSecrets grants: get on one named Secret, nothing else (issue 17).
        foreach (var (name, password) in new[] { ("bgp-auth", "s3cret-md5"), ("not-granted", "other") })
            (await server.KubectlAsync("create", "secret", "generic", name, "-n", Namespace, $"--from-literal=password={password}")).EnsureSuccess();
        (await server.KubectlAsync("create", "role", "bgp-passwords", "-n", Namespace, "--verb=get", "--resource=secrets", "--resource-name=bgp-auth"))
            .EnsureSuccess();
        (await server.KubectlAsync("create", "rolebinding", "bgp-passwords", "-n", Namespace, "--role=bgp-passwords",
            "--serviceaccount=lvs-operator:lvs-operator-agent")).EnsureSuccess();
        _admin = new KubeApiClient(server.AdminConnection());
        _agent = new KubeApiClient(server.TokenConnection(await server.CreateTokenAsync("lvs-operator", "lvs-operator-agent")));
    }

    public void Dispose()
    {
        _admin?.Dispose();
        _agent?.Dispose();
    }
}
