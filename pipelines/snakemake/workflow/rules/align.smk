# Alignment of FASTQ pairs (sheet rows with align=yes): the hybrid reference (host + HTLV-1 from
# `htlvpvl ref`) is built and indexed once; bwa mem WITHOUT -M (with -M, split reads are flagged
# secondary and count ignores them: it warns), samtools sort, samtools index.


rule hybrid_reference:
    """The host FASTA followed by htlvpvl's built-in HTLV-1 reference."""
    input:
        host=config["host_fasta"],
    output:
        HYBRID,
    log:
        f"{OUT}/logs/hybrid_reference.log",
    conda:
        "../envs/htlvpvl.yaml"
    shell:
        "(cat {input.host} > {output} && htlvpvl ref >> {output}) 2> {log}"


rule bwa_index:
    input:
        HYBRID,
    output:
        multiext(HYBRID, *BWA_INDEX),
    log:
        f"{OUT}/logs/bwa_index.log",
    benchmark:
        f"{OUT}/benchmarks/bwa_index.tsv"
    resources:
        mem_mb=lambda wc, input: int(2 * input.size_mb) + 1000,
        runtime=120,
    conda:
        "../envs/align.yaml"
    shell:
        "bwa index {input} > {log} 2>&1"


rule faidx_hybrid:
    """The .fai of the hybrid reference (CRAM output and input need it)."""
    input:
        HYBRID,
    output:
        f"{HYBRID}.fai",
    log:
        f"{OUT}/logs/faidx_hybrid.log",
    conda:
        "../envs/align.yaml"
    shell:
        "samtools faidx {input} > {log} 2>&1"


rule bwa_mem:
    """bwa mem (no -M) | samtools sort, then samtools index; read group = sample."""
    input:
        reads=fastq_pair,
        ref=HYBRID,
        idx=multiext(HYBRID, *BWA_INDEX),
        fai=f"{HYBRID}.fai",
    output:
        aln=f"{OUT}/aligned/{{sample}}.{ALN}",
        idx=f"{OUT}/aligned/{{sample}}.{ALN}{ALN_INDEX}",
    wildcard_constraints:
        sample=one_of(ALIGN_SAMPLES),
    params:
        rg=lambda wc: f"@RG\\tID:{wc.sample}\\tSM:{wc.sample}",
    threads: config["align_threads"]
    resources:
        mem_mb=lambda wc, threads: 6000 + 800 * threads,
        runtime=600,
    log:
        f"{OUT}/logs/bwa_mem/{{sample}}.log",
    benchmark:
        f"{OUT}/benchmarks/bwa_mem/{{sample}}.tsv"
    conda:
        "../envs/align.yaml"
    shell:
        "(bwa mem -t {threads} -R '{params.rg}' {input.ref} {input.reads}"
        " | samtools sort -@ {threads} --reference {input.ref} -o {output.aln} -"
        " && samtools index {output.aln}) > {log} 2>&1"
