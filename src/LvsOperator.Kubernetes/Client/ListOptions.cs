namespace LvsOperator.Kubernetes.Client;

/// <summary>Query of a list call. <see cref="ListAsync"/> follows every page of <see cref="PageSize"/> items.</summary>
public sealed record ListOptions
{
    /// <summary>Kubernetes label selector syntax (<c>app=web,tier!=db</c>).</summary>
    public string? LabelSelector { get; init; }

    /// <summary>Field selector (<c>spec.nodeName=node-1</c>); only fields the resource declares selectable.</summary>
    public string? FieldSelector { get; init; }

    /// <summary>Absent: the newest state (a quorum read); <c>"0"</c>: whatever the server's cache holds.</summary>
    public string? ResourceVersion { get; init; }

    /// <summary>Items per page (<c>limit</c>); 0 asks for everything at once.</summary>
    public int PageSize { get; init; } = 500;
}
