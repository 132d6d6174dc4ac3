namespace LvsOperator.FakeApiServer;

/// <summary>What the fake serves and how its clocks and windows are sized.</summary>
public sealed record FakeApiServerOptions
{
    public IReadOnlyList<ResourceType> Resources { get; init; } = [];

    /// <summary>Events kept for watches and exact lists; older revisions are compacted (the watch cache's capacity).</summary>
    public int HistoryWindow { get; init; } = 1000;

    /// <summary>How often a watch with allowWatchBookmarks=true gets a BOOKMARK (the real server: about a minute).</summary>
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a request for a resourceVersion newer than the store waits before "Too large resource version" (real: 3s).</summary>
    public TimeSpan TooLargeResourceVersionWait { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>The clock for creationTimestamp and deletionTimestamp.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Adds a resource type.</summary>
    public FakeApiServerOptions With(ResourceType resource) => this with { Resources = [.. Resources, resource] };
}
