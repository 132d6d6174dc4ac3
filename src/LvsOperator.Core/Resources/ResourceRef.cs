namespace LvsOperator.Core.Resources;

/// <summary>Names one resource: kind, namespace and name.</summary>
public readonly record struct ResourceRef(string Kind, string Namespace, string Name) : IComparable<ResourceRef>
{
    public static ResourceRef Of(VirtualService vs) => new(ResourceKinds.VirtualService, vs.Metadata.Namespace ?? "", vs.Metadata.Name);
    public static ResourceRef Of(RealServer rs) => new(ResourceKinds.RealServer, rs.Metadata.Namespace ?? "", rs.Metadata.Name);

    /// <summary>By kind, namespace, then name; without building strings, since compiling sorts thousands of these.</summary>
    public int CompareTo(ResourceRef other)
    {
        var byKind = string.CompareOrdinal(Kind, other.Kind);
        if (byKind != 0) return byKind;
        var byNamespace = string.CompareOrdinal(Namespace, other.Namespace);
        return byNamespace != 0 ? byNamespace : string.CompareOrdinal(Name, other.Name);
    }

    /// <summary>A cluster-scoped resource (an AddressPool) has no namespace to show.</summary>
    public override string ToString() => Namespace.Length == 0 ? $"{Kind} {Name}" : $"{Kind} {Namespace}/{Name}";
}
