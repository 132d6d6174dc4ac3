using LvsOperator.Core.Kernel;
using LvsOperator.Core.Resources;

namespace LvsOperator.Core.Publishing;

/// <summary>A NodeSlice with its share of the node, or, when it does not decode, why (<see cref="Invalid"/>).</summary>
public sealed record DecodedSlice(NodeSlice Slice, NodeDesiredState Share, string? Invalid)
{
    public static DecodedSlice Of(NodeSlice slice) =>
        NodeSliceCodec.TryDecode(slice, out var share, out var invalid) ? new(slice, share, null) : new(slice, share, invalid);
}
