# `htlvpvl count` per sample through the workflow's own wrapper (wrappers/bio/htlvpvl/count):
# BAM/CRAM (from the sheet or the alignment step) with its index, or a FASTQ pair.


rule count:
    """`htlvpvl count` on a BAM or CRAM (with its index)."""
    input:
        reads=aligned_reads,
        idx=aligned_index,
        reference=aligned_reference,
    output:
        multiext(f"{OUT}/count/{{sample}}", *COUNT_SUFFIXES),
    wildcard_constraints:
        sample=one_of(BAM_SAMPLES),
    params:
        sample="{sample}",
        extra=config["count_extra"],
    threads: config["count_threads"]
    resources:
        mem_mb=config["count_mem_mb"],
        runtime=config["count_runtime_min"],
    log:
        f"{OUT}/logs/count/{{sample}}.log",
    benchmark:
        f"{OUT}/benchmarks/count/{{sample}}.tsv"
    wrapper:
        f"{WRAPPERS}/count"


rule count_fastq:
    """`htlvpvl count` on a FASTQ pair (no alignment)."""
    input:
        reads=fastq_pair,
    output:
        multiext(f"{OUT}/count/{{sample}}", *COUNT_FASTQ_SUFFIXES),
    wildcard_constraints:
        sample=one_of(FASTQ_SAMPLES),
    params:
        sample="{sample}",
        extra=config["count_fastq_extra"],
    threads: config["count_threads"]
    resources:
        mem_mb=config["count_mem_mb"],
        runtime=config["count_runtime_min"],
    log:
        f"{OUT}/logs/count/{{sample}}.log",
    benchmark:
        f"{OUT}/benchmarks/count/{{sample}}.tsv"
    wrapper:
        f"{WRAPPERS}/count"


# Scatter-gather (config shards > 1): `count --shard K/N` per part of the genome, one job each,
# then `htlvpvl merge` writes the outputs of rule count, byte-identical (docs/formats.md).
if config["shards"] > 1:

    ruleorder: count_merge > count

    rule count_shard:
        """One shard of a BAM/CRAM: PREFIX.partial."""
        input:
            reads=aligned_reads,
            idx=aligned_index,
            reference=aligned_reference,
        output:
            temp(f"{OUT}/count/shards/{{sample}}.{{shard}}.partial"),
        wildcard_constraints:
            sample=one_of(BAM_SAMPLES),
            shard=r"[0-9]+",
        params:
            n=config["shards"],
            reference=lambda wc, input: (
                f"--reference {input.reference[0]}" if input.reference else ""
            ),
            extra=config["count_extra"],
        threads: config["count_threads"]
        resources:
            mem_mb=config["count_mem_mb"],
            runtime=config["count_runtime_min"],
        log:
            f"{OUT}/logs/count/{{sample}}.shard{{shard}}.log",
        shell:
            "htlvpvl count -t {threads} -s {wildcards.sample} {params.reference} {params.extra} "
            "--shard {wildcards.shard}/{params.n} "
            "-o {OUT}/count/shards/{wildcards.sample}.{wildcards.shard} {input.reads} > {log} 2>&1"

    rule count_merge:
        """The shards of a sample merged into the outputs of rule count."""
        input:
            parts=lambda wc: expand(
                f"{OUT}/count/shards/{wc.sample}.{{k}}.partial", k=range(1, config["shards"] + 1)
            ),
            reads=aligned_reads,
            idx=aligned_index,
            reference=aligned_reference,
        output:
            multiext(f"{OUT}/count/{{sample}}", *COUNT_SUFFIXES),
        wildcard_constraints:
            sample=one_of(BAM_SAMPLES),
        log:
            f"{OUT}/logs/count/{{sample}}.log",
        benchmark:
            f"{OUT}/benchmarks/count/{{sample}}.tsv"
        shell:
            "htlvpvl merge -o {OUT}/count/{wildcards.sample} {input.parts} > {log} 2>&1"
