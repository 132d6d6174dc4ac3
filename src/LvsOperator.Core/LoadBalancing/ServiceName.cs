namespace LvsOperator.Core.LoadBalancing;

/// <summary>A Kubernetes Service by namespace and name.</summary>
public readonly record struct ServiceName(string Namespace, string Name) : IComparable<ServiceName>
{
    public int CompareTo(ServiceName other)
    {
        var byNamespace = string.CompareOrdinal(Namespace, other.Namespace);
        return byNamespace != 0 ? byNamespace : string.CompareOrdinal(Name, other.Name);
    }

    public override string ToString() => $"{Namespace}/{Name}";
}
