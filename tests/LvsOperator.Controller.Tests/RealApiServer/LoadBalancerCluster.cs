using LvsOperator.Controller.LoadBalancing;
using LvsOperator.Core.Resources;
using LvsOperator.Kubernetes.Client;
using LvsOperator.Kubernetes.Models;

namespace LvsOperator.Controller.Tests.RealApiServer;

/// <summary>The LoadBalancer tests' own API server: they restart the leader with other flags, which the other suite must not see.</summary>
[CollectionDefinition(Name)]
public sealed class LoadBalancerCluster : ICollectionFixture<LoadBalancerClusterFixture>
{
    public const string Name = "LoadBalancer Services on a real API server";
}

/// <summary>
/// kube-apiserver + etcd with config/crd and config/rbac, and the controller program with its ServiceAccount's token,
/// not the cluster's default implementation unless a test restarts it so. No Node exists, so a generated
/// VirtualService is directed nowhere and its finalizer goes as soon as it is deleted.
/// </summary>
public sealed class LoadBalancerClusterFixture : ApiServerFixture, IAsyncLifetime, IDisposable
{
    public const string OperatorNamespace = "lvs-operator";
    private readonly List<ControllerProcess> _replicas = [];
    private KubeApiClient? _admin;
    private string _kubeconfig = "";
    private int _started;

    public KubeApiClient Admin => _admin ?? throw new InvalidOperationException("not prepared");

    public ControllerProcess Leader { get; private set; } = null!;

    protected override async Task PrepareAsync(KubeApiServer server)
    {
        (await server.InstallCrdsAsync(Repo.Path("config", "crd"))).EnsureSuccess();
        (await server.KubectlAsync("create", "namespace", OperatorNamespace)).EnsureSuccess();
        (await server.KubectlAsync("apply", "--server-side", "-f", Repo.Path("config", "rbac"))).EnsureSuccess();
        var token = await server.CreateTokenAsync(OperatorNamespace, "lvs-operator-controller");
        _kubeconfig = Kubeconfig.WriteForToken(Path.Combine(server.Directory, "controller.kubeconfig"), server, token);
        _admin = new KubeApiClient(server.AdminConnection());
        Leader = await LeadAsync(defaultImplementation: false);
    }

    /// <summary>A new replica, started after any leader stopped gracefully (it releases the Lease), once it leads.</summary>
    public async Task<ControllerProcess> LeadAsync(bool defaultImplementation)
    {
        if (Leader is { HasExited: false } current) Assert.True(current.Terminate(TimeSpan.FromSeconds(20)), "the leader did not stop");
        Leader = StartReplica(defaultImplementation);
        await WaitForLeaseHolderAsync(Leader.Identity);
        return Leader;
    }

    /// <summary>A standby that took over is the leader the next test stops or keeps.</summary>
    public Task AdoptAsync(ControllerProcess leader)
    {
        Leader = leader;
        return WaitForLeaseHolderAsync(leader.Identity);
    }

    public ControllerProcess StartReplica(bool defaultImplementation = false)
    {
        var identity = $"lb-replica-{Interlocked.Increment(ref _started)}";
        var replica = ControllerProcess.Start(_kubeconfig, identity, OperatorNamespace, defaultImplementation ? ["--default-load-balancer=true"] : []);
        _replicas.Add(replica);
        return replica;
    }

    /// <summary>spec.leaseTransitions of the Lease: how often it changed hands.</summary>
    public async Task<long> LeaseTransitionsAsync()
    {
        using var http = Server.CreateAdminHttpClient();
        var body = await http.GetStringAsync(new Uri($"/apis/coordination.k8s.io/v1/namespaces/{OperatorNamespace}/leases/lvs-operator-controller", UriKind.Relative));
        return (long?)System.Text.Json.Nodes.JsonNode.Parse(body)?["spec"]?["leaseTransitions"] ?? 0;
    }

    public async Task WaitForLeaseHolderAsync(string identity)
    {
        using var http = Server.CreateAdminHttpClient();
        await Eventually.ValueAsync(async () =>
        {
            using var response = await http.GetAsync(new Uri($"/apis/coordination.k8s.io/v1/namespaces/{OperatorNamespace}/leases/lvs-operator-controller", UriKind.Relative));
            var body = response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync() : "";
            return body.Contains($"\"holderIdentity\":\"{identity}\"", StringComparison.Ordinal) ? body : null;
        }, $"{identity} holding the Lease\n{Logs()}", TimeSpan.FromSeconds(40));
    }

    public async Task ApplyAsync(string yaml)
    {
        var applied = await Server.ApplyAsync(yaml);
        if (applied.ExitCode != 0) throw new InvalidOperationException($"kubectl apply: {applied.Stderr}\n{yaml}");
    }

    public Task<Service?> ServiceAsync(string ns, string name) => Admin.Resource(ResourceTypes.Services).GetAsync(ns, name);

    /// <summary>The Service once its status says it holds an address.</summary>
    public Task<Service> WaitAddressAsync(string ns, string name) => Eventually.ValueAsync(
        async () => await ServiceAsync(ns, name) is { Status.LoadBalancer.Ingress: [_, ..] } s ? s : null, $"{ns}/{name} given an address\n{Logs()}");

    /// <summary>The Service once our condition on it has this reason.</summary>
    public Task<Service> WaitReasonAsync(string ns, string name, string reason) => Eventually.ValueAsync(
        async () => await ServiceAsync(ns, name) is { } s && LoadBalancerConditions.Ours(s.Status?.Conditions)?.Reason == reason ? s : null,
        $"{ns}/{name}: condition reason {reason}\n{Logs()}");

    /// <summary>The events our components reported about an object; the API server's own (its Cluster IP repair
    /// controller warns about a Service created in the same second as its allocation) are not ours to assert on.</summary>
    public async Task<IReadOnlyList<EventsV1Event>> EventsAsync(string ns, string regarding) =>
        (await Admin.Resource(ResourceTypes.Events).ListAsync(ns)).Items
        .Where(e => e.Regarding?.Name == regarding && e.ReportingController?.StartsWith("lvsoperator.io/", StringComparison.Ordinal) == true)
        .ToList();

    public Task<EventsV1Event> WaitEventAsync(string ns, string regarding, string reason) => Eventually.ValueAsync(
        async () => (await EventsAsync(ns, regarding)).FirstOrDefault(e => e.Reason == reason), $"event {reason} on {ns}/{regarding}\n{Logs()}");

    public async Task<IReadOnlyList<VirtualService>> GeneratedAsync(string ns, string service) =>
        (await Admin.Resource(ResourceTypes.VirtualServices).ListAsync(ns)).Items
            .Where(v => GeneratedVirtualServices.IsGenerated(v) && GeneratedVirtualServices.SourceOf(v).Name == service).ToList();

    public string Logs() => string.Join('\n', _replicas.Select(r => r.Tail(20)));

    public new async Task DisposeAsync()
    {
        foreach (var replica in _replicas) replica.Dispose();
        await base.DisposeAsync();
    }

    public void Dispose() => _admin?.Dispose();
}
