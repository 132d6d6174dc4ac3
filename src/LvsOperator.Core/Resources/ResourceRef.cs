namespace LvsOperator.Core.Resources;

/// <summary>Names one resource: kind, namespace and name.</summary>
public readonly record struct ResourceRef(string Kind, string Namespace, string Name) : IComparable<ResourceRef>
{
    public static ResourceRef Of(VirtualService vs) => new(ResourceKinds.VirtualService, vs.Metadata.Namespace ?? "", vs.Metadata.Name);
    public static ResourceRef Of(RealServer rs) => new(ResourceKinds.RealServer, rs.Metadata.Namespace ?? "", rs.Metadata.Name);

    public int CompareTo(ResourceRef other) => string.CompareOrdinal(ToString(), other.ToString());

    public override string ToString() => $"{Kind} {Namespace}/{Name}";
}
