using LvsOperator.Controller.LoadBalancing;
using LvsOperator.Core.Compilation;
using LvsOperator.Core.Resources;
using LvsOperator.Kubernetes.Informers;
using LvsOperator.Kubernetes.Models;

namespace LvsOperator.Controller;

/// <summary>From an event to the keys it touches, and from a key to its current state.</summary>
public sealed partial class ClusterCaches
{
    private readonly OwnerIndex<(string, string)> _endpointSlicesByService = new();
    private readonly OwnerIndex<ResourceRef> _slicesByVirtualService = new();
    private readonly OwnerIndex<ResourceRef> _slicesByNode = new();

    public VirtualService? VirtualService(ResourceRef vs) => _virtualServices.Get(vs.Namespace, vs.Name);

    public RealServer? RealServer(ResourceRef rs) => _realServers.Get(rs.Namespace, rs.Name);

    public IReadOnlyList<NodeSlice> SlicesOf(ResourceRef vs) =>
        _slicesByVirtualService.Of(vs).Select(_slices.Get).OfType<NodeSlice>().ToList();

    public IEnumerable<NodeSlice> AllSlices() => _slices.List();

    public IReadOnlySet<string> ExistingNodes => _nodes.List().Select(n => n.Metadata.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>Every VirtualService some published slice belongs to, existing or not: a full pass deletes the orphans'.</summary>
    public IEnumerable<ResourceRef> PublishedFor() => _slicesByVirtualService.Owners();

    public IEnumerable<ResourceRef> AllResources() =>
        _virtualServices.List().Select(ResourceRef.Of).Concat(_realServers.List().Select(ResourceRef.Of));

    /// <summary>The Service with its endpoints as the compiler reads it, or null when it is gone.</summary>
    public ServiceBackends? Backends(string @namespace, string name) =>
        _services.Get(@namespace, name) is { } service
            ? ServiceBackendsMapper.Map(service, _endpointSlicesByService.Of((@namespace, name)).Select(_endpointSlices.Get).OfType<EndpointSlice>().ToList(),
                _endpoints.Get(@namespace, name))
            : null;

    /// <summary>The node as the compiler reads it when it may direct (it matches the director selector), else null.</summary>
    public NodeInfo? Director(string name) =>
        _nodes.Get(null, name) is { } node && LabelText.Matches(_directors, node.Metadata.Labels) ? Info(node) : null;

    /// <summary>
    /// When the node no longer exists, the VirtualServices with slices for it: one being deleted waits for no node
    /// that is gone. A node that still exists (a status heartbeat) maps to none.
    /// </summary>
    public IEnumerable<ResourceRef> HeldOnGoneNode(string name) =>
        _nodes.Get(null, name) is null
            ? _slicesByNode.Of(NodeRef(name)).Select(_slices.Get).OfType<NodeSlice>().Select(s => OwnerOf(s)!.Value)
            : [];

    /// <summary>The RealServers at these addresses, as the directors report them (.NET's spelling).</summary>
    public IEnumerable<ResourceRef> RealServersAt(IReadOnlySet<string> addresses) =>
        _realServers.List().Where(rs => addresses.Contains(System.Net.IPAddress.TryParse(rs.Spec.Address, out var ip) ? ip.ToString() : rs.Spec.Address))
            .Select(ResourceRef.Of);

    private static NodeInfo Info(Node node) =>
        new(node.Metadata.Name, node.Metadata.Labels ?? new Dictionary<string, string>()) {
            Addresses = InternalAddresses(node), Unschedulable = node.Spec.Unschedulable,
        };

    private void MapVirtualService(ResourceChange<VirtualService> change)
    {
        Changes.Resource(ResourceRef.Of(change.Current));
        if (GeneratedVirtualServices.IsGenerated(change.Current)) Changes.LoadBalancers();
    }

    private void MapService(ResourceChange<Service> change)
    {
        Changes.Service(change.Current.Metadata.Namespace ?? "", change.Current.Metadata.Name);
        Changes.LoadBalancers();
    }

    private void MapEndpointSlice(ResourceChange<EndpointSlice> change)
    {
        var (from, to) = (ServiceOf(change.Old), ServiceOf(change.New));
        _endpointSlicesByService.Move(change.Key, from, to);
        if (from is { } before) Changes.Service(before.Item1, before.Item2);
        if (to is { } after && to != from) Changes.Service(after.Item1, after.Item2);
    }

    private void MapSlice(ResourceChange<NodeSlice> change)
    {
        var (from, to) = (OwnerOf(change.Old), OwnerOf(change.New));
        _slicesByVirtualService.Move(change.Key, from, to);
        _slicesByNode.Move(change.Key, change.Old is { } old ? NodeRef(old.Spec.NodeName) : null, change.New is { } now ? NodeRef(now.Spec.NodeName) : null);
        if (from is { } before) Changes.Decide(before);
        if (to is { } after) Changes.Decide(after);
        foreach (var down in new[] { change.Old, change.New }.SelectMany(s => s?.Status?.Unhealthy ?? []))
            Changes.Health(down.Address);
    }

    private static (string, string)? ServiceOf(EndpointSlice? slice) =>
        slice?.Metadata.Labels?.TryGetValue(EndpointSlice.ServiceNameLabel, out var service) == true ? (slice.Metadata.Namespace ?? "", service) : null;

    private static ResourceRef NodeRef(string name) => new("Node", "", name);

    private static ResourceRef? OwnerOf(NodeSlice? slice) =>
        slice is null ? null : new ResourceRef(ResourceKinds.VirtualService, slice.Metadata.Namespace ?? "", slice.Spec.VirtualService);
}
