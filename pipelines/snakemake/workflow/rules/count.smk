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
