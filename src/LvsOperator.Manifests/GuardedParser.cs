using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace LvsOperator.Manifests;

/// <summary>
/// The YAML parser with a depth bound, checked event by event before YamlDotNet's representation model
/// builds nodes by recursion: a file of a million '[' would otherwise overflow the stack and kill the
/// process (a stack overflow cannot be caught). Aliases are bounded later, where they would be expanded.
/// </summary>
internal sealed class GuardedParser(IParser inner) : IParser
{
    /// <summary>A manifest of ours nests about eight levels; anything past this is not one.</summary>
    public const int MaxDepth = 64;

    private int _depth;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (!inner.MoveNext()) return false;
        switch (inner.Current)
        {
            case MappingStart or SequenceStart when ++_depth > MaxDepth:
                throw new YamlException(inner.Current.Start, inner.Current.End, $"nested deeper than {MaxDepth} levels");
            case MappingEnd or SequenceEnd:
                _depth--;
                break;
        }

        return true;
    }
}
