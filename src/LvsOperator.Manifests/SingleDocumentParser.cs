using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace LvsOperator.Manifests;

/// <summary>
/// The next document of a YAML stream, shown as a stream of its own, so that <c>YamlStream.Load</c> builds one
/// document's nodes at a time (YamlDotNet builds a document from a parser only inside a stream). The stream must stand
/// at a document's start; afterwards it stands past that document's end.
/// </summary>
internal sealed class SingleDocumentParser(IParser stream) : IParser
{
    public ParsingEvent? Current { get; private set; }

    public bool MoveNext()
    {
        switch (Current)
        {
            case null:
                Current = new StreamStart();
                return true;
            case StreamStart:
                Current = stream.Current;
                return true;
            case DocumentEnd:
                stream.MoveNext();
                Current = new StreamEnd();
                return true;
            case StreamEnd:
                return false;
            default:
                stream.MoveNext();
                Current = stream.Current;
                return true;
        }
    }
}
