using System.Text.Json.Nodes;
using LvsOperator.Kubernetes.Client;

namespace LvsOperator.Controller.Tests.RealApiServer;

/// <summary>The collection whose tests share one real API server and the controller process that leads on it.</summary>
[CollectionDefinition(Name)]
public sealed class ControllerCluster : ICollectionFixture<ControllerClusterFixture>
{
    public const string Name = "The controller on a real API server";
}

/// <summary>
/// kube-apiserver + etcd with config/crd and config/rbac applied as the README's no-Helm path does, the controller
/// started as its own program with a kubeconfig holding its ServiceAccount's token, and a client per identity:
/// admin (what a user applies), the agent's token (what a node reports).
/// </summary>
public sealed class ControllerClusterFixture : ApiServerFixture, IAsyncLifetime, IDisposable
{
    public const string OperatorNamespace = "lvs-operator";
    public const string LeaseName = "lvs-operator-controller";

    private readonly List<ControllerProcess> _replicas = [];
    private KubeApiClient? _admin;
    private KubeApiClient? _agent;

    public KubeApiClient Admin => _admin ?? throw new InvalidOperationException("not prepared");

    /// <summary>As the agent's ServiceAccount: the only identity that reports NodeSlice status.</summary>
    public KubeApiClient Agent => _agent ?? throw new InvalidOperationException("not prepared");

    /// <summary>The controller's kubeconfig: its ServiceAccount's token, the run's CA.</summary>
    public string ControllerKubeconfig { get; private set; } = "";

    /// <summary>The replica expected to hold the Lease now (a takeover test hands this on).</summary>
    public ControllerProcess Leader { get; set; } = null!;

    protected override async Task PrepareAsync(KubeApiServer server)
    {
        (await server.InstallCrdsAsync(Repo.Path("config", "crd"))).EnsureSuccess();
        (await server.KubectlAsync("create", "namespace", OperatorNamespace)).EnsureSuccess();
        (await server.KubectlAsync("apply", "--server-side", "-f", Repo.Path("config", "rbac"))).EnsureSuccess();
        var controllerToken = await server.CreateTokenAsync(OperatorNamespace, "lvs-operator-controller");
        var agentToken = await server.CreateTokenAsync(OperatorNamespace, "lvs-operator-agent");
        ControllerKubeconfig = Kubeconfig.WriteForToken(Path.Combine(server.Directory, "controller.kubeconfig"), server, controllerToken);
        _admin = new KubeApiClient(server.AdminConnection());
        _agent = new KubeApiClient(server.TokenConnection(agentToken));
        Leader = StartReplica("replica-1");
        await WaitForLeaseHolderAsync(Leader.Identity, Eventually.Deadline);
    }

    public ControllerProcess StartReplica(string identity)
    {
        var replica = ControllerProcess.Start(ControllerKubeconfig, identity, OperatorNamespace);
        _replicas.Add(replica);
        return replica;
    }

    /// <summary>The Lease's holderIdentity, read as admin; null while nobody holds it.</summary>
    public async Task<string?> LeaseHolderAsync()
    {
        using var http = Server.CreateAdminHttpClient();
        var path = $"/apis/coordination.k8s.io/v1/namespaces/{OperatorNamespace}/leases/{LeaseName}";
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        if (!response.IsSuccessStatusCode) return null;
        var lease = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        return (string?)lease?["spec"]?["holderIdentity"] is { Length: > 0 } holder ? holder : null;
    }

    public async Task WaitForLeaseHolderAsync(string identity, TimeSpan within) =>
        await Eventually.ValueAsync(async () => await LeaseHolderAsync() == identity ? identity : null,
            $"{identity} holding the Lease\n{string.Join('\n', _replicas.Select(r => r.Tail(15)))}", within);

    /// <summary>The log tails of every replica, for a failure message.</summary>
    public string Logs() => string.Join('\n', _replicas.Select(r => r.Tail(20)));

    public new async Task DisposeAsync()
    {
        foreach (var replica in _replicas) replica.Dispose();
        await base.DisposeAsync();
    }

    public void Dispose()
    {
        _admin?.Dispose();
        _agent?.Dispose();
    }
}
