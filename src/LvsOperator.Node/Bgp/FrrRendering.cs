namespace LvsOperator.Node.Bgp;

/// <summary>An <c>frr.conf</c>, and the sessions left out of it with the reason (a password that could not be used).</summary>
public sealed record FrrRendering(string Text, IReadOnlyList<string> Problems);
