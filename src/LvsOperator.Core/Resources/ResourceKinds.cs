namespace LvsOperator.Core.Resources;

/// <summary>API group, version and kinds of the LvsOperator custom resources.</summary>
public static class ResourceKinds
{
    public const string Group = "lvsoperator.io";
    public const string Version = "v1alpha1";
    public const string ApiVersion = Group + "/" + Version;
    public const string VirtualService = "VirtualService";
    public const string RealServer = "RealServer";
    public const string NodeSlice = "NodeSlice";
    public const string AddressPool = "AddressPool";
}
