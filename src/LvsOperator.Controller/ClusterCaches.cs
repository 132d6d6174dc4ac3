using LvsOperator.Controller.LoadBalancing;
using LvsOperator.Core.Compilation;
using LvsOperator.Core.Control;
using LvsOperator.Core.Resources;
using LvsOperator.Kubernetes.Client;
using LvsOperator.Kubernetes.Informers;
using LvsOperator.Kubernetes.Models;
using Microsoft.Extensions.Logging;

namespace LvsOperator.Controller;

/// <summary>
/// Everything the controller decides from, kept by informers (list, then watch), and read as one
/// <see cref="ControllerInput"/> and one <see cref="LoadBalancerInput"/>, or key by key (<see cref="IDecisionSource"/>).
/// Each change is mapped to the keys it touches in <see cref="Changes"/>, then <see cref="Changed"/> is called.
/// </summary>
public sealed partial class ClusterCaches : IDecisionSource
{
    private readonly Informer<VirtualService> _virtualServices;
    private readonly Informer<RealServer> _realServers;
    private readonly Informer<NodeSlice> _slices;
    private readonly Informer<Service> _services;
    private readonly Informer<EndpointSlice> _endpointSlices;
    private readonly Informer<Endpoints> _endpoints;
    private readonly Informer<Node> _nodes;
    private readonly Informer<AddressPool> _pools;
    private readonly Informer<KubeNamespace> _namespaces;
    private readonly IReadOnlyDictionary<string, string> _directors;

    public ClusterCaches(KubeApiClient api, IReadOnlyDictionary<string, string> directorSelector, ILoggerFactory logs, TimeProvider time)
    {
        Informer<T> Watch<T>(ResourceType<T> type, Action<ResourceChange<T>> map, InformerOptions? options = null) where T : class, IKubernetesObject
        {
            var informer = new Informer<T>(api.Resource(type), options, logs.CreateLogger($"{typeof(ClusterCaches).FullName}.{type.Plural}"), time);
            informer.Subscribe(change =>
            {
                map(change);
                Changed?.Invoke();
            });
            return informer;
        }

        _virtualServices = Watch(ResourceTypes.VirtualServices, MapVirtualService);
        _realServers = Watch(ResourceTypes.RealServers, c => Changes.Resource(ResourceRef.Of(c.Current)));
        _slices = Watch(ResourceTypes.NodeSlices, MapSlice,
            new InformerOptions { LabelSelector = $"{ControllerDecisions.ManagedByLabel}={ControllerDecisions.ManagedByValue}" });
        _services = Watch(ResourceTypes.Services, MapService);
        _endpointSlices = Watch(ResourceTypes.EndpointSlices, MapEndpointSlice);
        _endpoints = Watch(ResourceTypes.Endpoints, c => Changes.Service(c.Current.Metadata.Namespace ?? "", c.Current.Metadata.Name));
        _nodes = Watch(ResourceTypes.Nodes, c => Changes.Node(c.Current.Metadata.Name));
        _pools = Watch(ResourceTypes.AddressPools, _ => Changes.LoadBalancers());
        _namespaces = Watch(ResourceTypes.Namespaces, _ => Changes.LoadBalancers());
        _directors = directorSelector;
    }

    public event Action? Changed;

    /// <summary>The keys the changes since the last pass map to.</summary>
    public ChangeLog Changes { get; } = new();

    private IEnumerable<Task> Syncs(CancellationToken cancellationToken) =>
    [
        _virtualServices.WaitForSyncAsync(cancellationToken), _realServers.WaitForSyncAsync(cancellationToken),
        _slices.WaitForSyncAsync(cancellationToken), _services.WaitForSyncAsync(cancellationToken),
        _endpointSlices.WaitForSyncAsync(cancellationToken), _endpoints.WaitForSyncAsync(cancellationToken),
        _nodes.WaitForSyncAsync(cancellationToken), _pools.WaitForSyncAsync(cancellationToken),
        _namespaces.WaitForSyncAsync(cancellationToken),
    ];

    public Task RunAsync(CancellationToken cancellationToken) => Task.WhenAll(
        _virtualServices.RunAsync(cancellationToken), _realServers.RunAsync(cancellationToken), _slices.RunAsync(cancellationToken),
        _services.RunAsync(cancellationToken), _endpointSlices.RunAsync(cancellationToken), _endpoints.RunAsync(cancellationToken),
        _nodes.RunAsync(cancellationToken), _pools.RunAsync(cancellationToken), _namespaces.RunAsync(cancellationToken));

    /// <summary>Until every cache holds a full list, no decision may be made: a half-read cluster would delete slices.</summary>
    public Task WaitForSyncAsync(CancellationToken cancellationToken) => Task.WhenAll(Syncs(cancellationToken));

    public ControllerInput Snapshot(DateTimeOffset now)
    {
        var slicesByService = _endpointSlices.List()
            .Where(s => s.Metadata.Labels?.ContainsKey(EndpointSlice.ServiceNameLabel) == true)
            .ToLookup(s => (s.Metadata.Namespace ?? "", s.Metadata.Labels![EndpointSlice.ServiceNameLabel]));
        var services = _services.List()
            .Select(s => ServiceBackendsMapper.Map(
                s, slicesByService[(s.Metadata.Namespace ?? "", s.Metadata.Name)].ToList(), _endpoints.Get(s.Metadata.Namespace, s.Metadata.Name)))
            .ToList();
        var nodes = _nodes.List();
        var directors = nodes.Where(n => LabelText.Matches(_directors, n.Metadata.Labels))
            .Select(Info)
            .ToList();
        return new ControllerInput(
            new ClusterSnapshot(_virtualServices.List(), _realServers.List(), services, directors),
            _slices.List(),
            nodes.Select(n => n.Metadata.Name).ToHashSet(StringComparer.Ordinal),
            now);
    }

    /// <summary>What the LoadBalancer decisions read; <paramref name="services"/> replaces the cached Services (a quorum list).</summary>
    public LoadBalancerInput LoadBalancers(DateTimeOffset now, bool defaultImplementation, IReadOnlyList<Service>? services = null) => new(
        services ?? _services.List(),
        _pools.List(),
        _virtualServices.List().Where(GeneratedVirtualServices.IsGenerated).ToList(),
        _namespaces.List().ToDictionary(n => n.Metadata.Name, n => n.Metadata.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal),
        defaultImplementation,
        now);

    /// <summary>A node's InternalIP addresses that parse; the kubelet writes them, but a bad one must not stop the controller.</summary>
    private static List<System.Net.IPAddress> InternalAddresses(Node node) =>
        (node.Status.Addresses ?? []).Where(a => a.Type == NodeAddress.InternalIP)
            .Select(a => System.Net.IPAddress.TryParse(a.Address, out var ip) ? ip : null).OfType<System.Net.IPAddress>().ToList();
}
