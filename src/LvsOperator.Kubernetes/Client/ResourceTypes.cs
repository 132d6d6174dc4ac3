using LvsOperator.Core.Resources;
using LvsOperator.Kubernetes.Json;
using LvsOperator.Kubernetes.Models;

namespace LvsOperator.Kubernetes.Client;

/// <summary>The kinds LvsOperator reads or writes. Another kind is one more line, here or in the caller.</summary>
public static class ResourceTypes
{
    public static ResourceType<VirtualService> VirtualServices { get; } =
        new(ResourceKinds.Group, ResourceKinds.Version, "virtualservices", ResourceKinds.VirtualService, namespaced: true, ResourceJsonContext.Default.VirtualService);

    public static ResourceType<RealServer> RealServers { get; } =
        new(ResourceKinds.Group, ResourceKinds.Version, "realservers", ResourceKinds.RealServer, namespaced: true, ResourceJsonContext.Default.RealServer);

    /// <summary>Selectable by <c>spec.nodeName</c>: an agent lists and watches only its own node's slices.</summary>
    public static ResourceType<NodeSlice> NodeSlices { get; } =
        new(ResourceKinds.Group, ResourceKinds.Version, "nodeslices", ResourceKinds.NodeSlice, namespaced: true, ResourceJsonContext.Default.NodeSlice);

    /// <summary>Cluster-scoped: the addresses LoadBalancer Services of our class are given.</summary>
    public static ResourceType<AddressPool> AddressPools { get; } =
        new(ResourceKinds.Group, ResourceKinds.Version, "addresspools", ResourceKinds.AddressPool, namespaced: false, ResourceJsonContext.Default.AddressPool);

    public static ResourceType<Service> Services { get; } =
        new("", "v1", "services", "Service", namespaced: true, KubernetesJsonContext.Default.Service);

    public static ResourceType<Endpoints> Endpoints { get; } =
        new("", "v1", "endpoints", "Endpoints", namespaced: true, KubernetesJsonContext.Default.Endpoints);

    public static ResourceType<EndpointSlice> EndpointSlices { get; } =
        new("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", namespaced: true, KubernetesJsonContext.Default.EndpointSlice);

    public static ResourceType<Node> Nodes { get; } =
        new("", "v1", "nodes", "Node", namespaced: false, KubernetesJsonContext.Default.Node);

    /// <summary>Read for their labels only: an AddressPool's namespace selectors match them.</summary>
    public static ResourceType<KubeNamespace> Namespaces { get; } =
        new("", "v1", "namespaces", "Namespace", namespaced: false, KubernetesJsonContext.Default.KubeNamespace);

    public static ResourceType<EventsV1Event> Events { get; } =
        new("events.k8s.io", "v1", "events", "Event", namespaced: true, KubernetesJsonContext.Default.EventsV1Event);

    /// <summary>Read one by one by name (the BGP passwords of active/active directors): never listed or watched.</summary>
    public static ResourceType<Secret> Secrets { get; } =
        new("", "v1", "secrets", "Secret", namespaced: true, KubernetesJsonContext.Default.Secret);

    /// <summary>Read and replaced one by one by name (leader election): never listed or watched.</summary>
    public static ResourceType<Lease> Leases { get; } =
        new("coordination.k8s.io", "v1", "leases", "Lease", namespaced: true, KubernetesJsonContext.Default.Lease);
}
