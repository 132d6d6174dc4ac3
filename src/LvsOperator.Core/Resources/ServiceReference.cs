namespace LvsOperator.Core.Resources;

/// <summary>A Service in the VirtualService's namespace and one of its ports, by name or by number.</summary>
public sealed record ServiceReference
{
    public string Name { get; init; } = "";

    /// <summary>The Service port's name, or its number as a string or integer.</summary>
    public IntOrString? Port { get; init; }

    /// <summary>Weight given to each endpoint.</summary>
    public int Weight { get; init; } = 1;
}
