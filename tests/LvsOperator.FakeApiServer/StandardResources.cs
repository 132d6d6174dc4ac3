namespace LvsOperator.FakeApiServer;

/// <summary>The resource types LvsOperator's controller and agents talk to.</summary>
public static class StandardResources
{
    public static readonly ResourceType Services = new("", "v1", "services", "Service", Namespaced: true) { HasStatusSubresource = true };
    public static readonly ResourceType Endpoints = new("", "v1", "endpoints", "Endpoints", Namespaced: true) { AllowCreateOnUpdate = true };
    public static readonly ResourceType Nodes = new("", "v1", "nodes", "Node", Namespaced: false)
    {
        HasStatusSubresource = true,
        KeepsStatusOnCreate = true,
        SelectableFields = ["spec.unschedulable"],
    };

    public static readonly ResourceType CoreEvents = new("", "v1", "events", "Event", Namespaced: true)
    {
        AllowCreateOnUpdate = true,
        SelectableFields =
        [
            "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
            "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath",
            "reason", "reportingComponent", "source", "type",
        ],
    };

    public static readonly ResourceType Namespaces = new("", "v1", "namespaces", "Namespace", Namespaced: false)
    {
        HasStatusSubresource = true,
        SelectableFields = ["status.phase"],
    };

    public static readonly ResourceType EndpointSlices = new("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", Namespaced: true);
    public static readonly ResourceType Events = new("events.k8s.io", "v1", "events", "Event", Namespaced: true);
    public static readonly ResourceType Leases = new("coordination.k8s.io", "v1", "leases", "Lease", Namespaced: true);

    public static readonly ResourceType VirtualServices = Custom("virtualservices", "VirtualService");
    public static readonly ResourceType RealServers = Custom("realservers", "RealServer");
    public static readonly ResourceType NodeSlices = Custom("nodeslices", "NodeSlice") with { SelectableFields = ["spec.nodeName"] };
    public static readonly ResourceType AddressPools = Custom("addresspools", "AddressPool") with { Namespaced = false };

    public static IReadOnlyList<ResourceType> All { get; } =
    [
        Services, Endpoints, Nodes, CoreEvents, Namespaces, EndpointSlices, Events, Leases, VirtualServices, RealServers, NodeSlices, AddressPools,
    ];

    private static ResourceType Custom(string plural, string kind) =>
        new("lvsoperator.io", "v1alpha1", plural, kind, Namespaced: true) { HasStatusSubresource = true, IsCustomResource = true };
}
