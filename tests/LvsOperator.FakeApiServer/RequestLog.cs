namespace LvsOperator.FakeApiServer;

/// <summary>Every request the fake received, in arrival order, for assertions such as "exactly one PUT to /status".</summary>
public sealed class RequestLog
{
    private readonly List<RecordedRequest> entries = [];

    public IReadOnlyList<RecordedRequest> Entries
    {
        get { lock (entries) { return [.. entries]; } }
    }

    /// <summary>Requests with this method (case-insensitive) and exactly this path.</summary>
    public int Count(string method, string path) =>
        Entries.Count(r => string.Equals(r.Method, method, StringComparison.OrdinalIgnoreCase) && r.Path == path);

    /// <summary>Watch requests on exactly this collection path.</summary>
    public int WatchCount(string path) => Entries.Count(r => r.IsWatch && r.Path == path);

    public void Clear()
    {
        lock (entries)
        {
            entries.Clear();
        }
    }

    internal void Record(RecordedRequest request)
    {
        lock (entries)
        {
            entries.Add(request);
        }
    }
}
