namespace LvsOperator.Core.Resources;

/// <summary>Any Kubernetes object: what list, watch and write calls need to know of it.</summary>
public interface IKubernetesObject
{
    string ApiVersion { get; }
    string Kind { get; }
    ObjectMeta Metadata { get; }
}
