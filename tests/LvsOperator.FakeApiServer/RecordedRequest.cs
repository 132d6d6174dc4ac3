namespace LvsOperator.FakeApiServer;

/// <summary>One request as it arrived: method, path, query string (with its '?', or empty) and whether it was a watch.</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, bool IsWatch);
