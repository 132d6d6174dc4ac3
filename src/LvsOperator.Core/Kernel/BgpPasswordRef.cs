namespace LvsOperator.Core.Kernel;

/// <summary>A key of a Secret: the password never travels in a NodeSlice, only where to read it.</summary>
public sealed record BgpPasswordRef(string Namespace, string Name, string Key);
