using System.Buffers;
using System.Diagnostics;
using System.IO.Compression;
using Tributary.Generation.Internal;

namespace Tributary.Generation;

/// <summary>
/// Generates JSON records from a Mockaroo schema, streaming (constant memory for any row count) and deterministic:
/// each file has its own random stream derived from the seed and the file number, so the bytes depend only on the
/// schema, the seed, the file number, the row count and the format, never on timing or parallelism.
/// </summary>
public sealed class DataGenerator
{
    private const int FlushThreshold = 1 << 16;

    private readonly FieldGenerator[] _generators;
    private readonly RecordLayout _layout;

    /// <summary>Compiles the schema.</summary>
    /// <exception cref="GeneratorSchemaException">A column is unsupported or badly defined; the message names it.</exception>
    public DataGenerator(MockarooSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        Schema = schema;
        _layout = new RecordLayout(schema.Columns.Select(c => c.Name).ToList());
        _generators = ColumnCompiler.Compile(schema.Columns);
    }

    /// <summary>The schema being generated.</summary>
    public MockarooSchema Schema { get; }

    /// <summary>
    /// Writes <paramref name="rows"/> records to <paramref name="output"/> from the random stream of file number
    /// <paramref name="fileIndex"/> under <paramref name="seed"/>.
    /// </summary>
    public void WriteRecords(Stream output, long rows, ulong seed, GeneratedFileFormat format, long fileIndex = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        var state = new RecordState(new Xoshiro256(Xoshiro256.DeriveSeed(seed, fileIndex)), _generators.Length);
        var buffer = new ArrayBufferWriter<byte>(FlushThreshold * 2);
        var array = format == GeneratedFileFormat.Array;
        if (array)
        {
            Append(buffer, rows == 0 ? "[]\n"u8 : "[\n"u8);
        }

        for (long i = 0; i < rows; i++)
        {
            if ((i & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            state.RecordIndex = i;
            var values = state.Values;
            for (var c = 0; c < _generators.Length; c++)
            {
                _generators[c].Generate(state, values[c]);
            }

            WriteRecord(buffer, values);
            Append(buffer, !array ? "\n"u8 : i == rows - 1 ? "\n]\n"u8 : ",\n"u8);
            if (buffer.WrittenCount >= FlushThreshold)
            {
                output.Write(buffer.WrittenSpan);
                buffer.ResetWrittenCount();
            }
        }

        output.Write(buffer.WrittenSpan);
        output.Flush();
    }

    /// <summary>Writes <see cref="GenerateRequest.Files"/> files of <see cref="GenerateRequest.RowsPerFile"/> records each.</summary>
    /// <remarks>Each file is written under a temporary name and renamed when complete, so a watcher never reads half a file.</remarks>
    public async Task<GenerateResult> GenerateFilesAsync(GenerateRequest request, IProgress<GeneratedFile>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegative(request.RowsPerFile);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.Files, 1);
        var stopwatch = Stopwatch.StartNew();
        Directory.CreateDirectory(request.OutputDirectory);
        var prefix = request.FilePrefix ?? SafeName(Schema.Name);
        var extension = (request.Format == GeneratedFileFormat.Array ? ".json" : ".jsonl") + (request.Gzip ? ".gz" : "");
        var files = new GeneratedFile[request.Files];
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = Math.Max(1, request.MaxParallelism),
            CancellationToken = cancellationToken,
        };
        await Parallel.ForAsync(0, request.Files, parallel, (index, ct) =>
        {
            var path = Path.Combine(request.OutputDirectory, $"{prefix}-{index + 1:D5}{extension}");
            files[index] = WriteFile(path, request, index, ct);
            progress?.Report(files[index]);
            return ValueTask.CompletedTask;
        }).ConfigureAwait(false);
        return new GenerateResult(files, request.Seed, stopwatch.Elapsed);
    }

    private GeneratedFile WriteFile(string path, GenerateRequest request, int index, CancellationToken cancellationToken)
    {
        var temporary = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                if (request.Gzip)
                {
                    using var gzip = new GZipStream(file, CompressionLevel.Fastest, leaveOpen: true);
                    WriteRecords(gzip, request.RowsPerFile, request.Seed, request.Format, index, cancellationToken);
                }
                else
                {
                    WriteRecords(file, request.RowsPerFile, request.Seed, request.Format, index, cancellationToken);
                }
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        return new GeneratedFile(path, request.RowsPerFile, new FileInfo(path).Length);
    }

    private void WriteRecord(ArrayBufferWriter<byte> buffer, FieldValue[] values)
    {
        var prefixes = _layout.Prefixes;
        var slots = _layout.Slots;
        var capacity = _layout.ConstantLength;
        foreach (var slot in slots)
        {
            capacity += JsonValueWriter.MaxLength(values[slot]);
        }

        var span = buffer.GetSpan(capacity);
        var length = 0;
        for (var i = 0; i < slots.Length; i++)
        {
            var prefix = prefixes[i];
            prefix.CopyTo(span[length..]);
            length += prefix.Length;
            length += JsonValueWriter.Write(values[slots[i]], span[length..]);
        }

        _layout.Suffix.CopyTo(span[length..]);
        buffer.Advance(length + _layout.Suffix.Length);
    }

    private static string SafeName(string name)
    {
        var safe = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray()).Trim('-');
        return safe.Length == 0 ? "data" : safe;
    }

    private static void Append(ArrayBufferWriter<byte> buffer, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(buffer.GetSpan(bytes.Length));
        buffer.Advance(bytes.Length);
    }
}
