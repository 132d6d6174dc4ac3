namespace LvsOperator.Core.Resources;

/// <summary>
/// The part of one node's desired kernel state that comes from one VirtualService: what the controller
/// publishes and the node's agent applies. The controller writes the spec; only that node's agent writes
/// the status, so no two writers fight over one object.
/// </summary>
public sealed record NodeSlice : IKubernetesObject
{
    public string ApiVersion { get; init; } = ResourceKinds.ApiVersion;
    public string Kind { get; init; } = ResourceKinds.NodeSlice;
    public ObjectMeta Metadata { get; init; } = new();
    public NodeSliceSpec Spec { get; init; } = new();
    public NodeSliceStatus? Status { get; init; }
}
