namespace LvsOperator.Node.Bgp;

/// <summary>An <c>frr.conf</c>, and the sessions left out of it with the reason (a password that could not be used).</summary>
public sealed record FrrRendering(string Text, IReadOnlyList<string> Problems)
{
    /// <summary>
    /// A line of <see cref="Text"/> that bgpd's running configuration shows while it holds this configuration; null
    /// when there is no BGP instance to hold it.
    /// </summary>
    public string? Marker { get; init; }
}
