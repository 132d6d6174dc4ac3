namespace LvsOperator.Core.Resources;

/// <summary>One real server (an <c>ipvsadm -a</c> destination) for the VirtualServices whose selector matches it.</summary>
public sealed record RealServer : IKubernetesObject
{
    public string ApiVersion { get; init; } = ResourceKinds.ApiVersion;
    public string Kind { get; init; } = ResourceKinds.RealServer;
    public ObjectMeta Metadata { get; init; } = new();
    public RealServerSpec Spec { get; init; } = new();
    public RealServerStatus? Status { get; init; }
}
