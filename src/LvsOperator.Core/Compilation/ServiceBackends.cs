namespace LvsOperator.Core.Compilation;

/// <summary>A Kubernetes Service's ports and the endpoints its EndpointSlices list, flattened.</summary>
public sealed record ServiceBackends(string Namespace, string Name, IReadOnlyList<ServicePortInfo> Ports, IReadOnlyList<EndpointInfo> Endpoints);

/// <summary>A Service port: its name, the port clients use, and the protocol.</summary>
public sealed record ServicePortInfo(string Name, int Port, Resources.Protocol Protocol);

/// <summary>
/// One endpoint address with its EndpointSlice conditions and target ports by Service port name.
/// Ready endpoints take traffic; serving-but-terminating ones drain (weight 0); the rest are left out.
/// </summary>
public sealed record EndpointInfo(
    string Address,
    IReadOnlyDictionary<string, int> Ports,
    bool Ready = true,
    bool Serving = true,
    bool Terminating = false,
    string? NodeName = null);
