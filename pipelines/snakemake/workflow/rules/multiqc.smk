# MultiQC over the count and compare outputs, with pipelines/multiqc_config.yaml.


rule multiqc:
    input:
        config=MULTIQC_CONFIG,
        count_mqc=expand(f"{OUT}/count/{{sample}}_mqc.tsv", sample=SAMPLES),
        compare_mqc=expand(
            f"{OUT}/compare/{{study}}{{suffix}}",
            study=STUDIES,
            suffix=["_mqc.json", ".table_mqc.json"],
        ),
    output:
        report=report(
            f"{OUT}/multiqc/multiqc_report.html",
            caption="../report/multiqc.rst",
            category="MultiQC",
            labels={"report": "MultiQC"},
        ),
        data=directory(f"{OUT}/multiqc/multiqc_data"),
    params:
        outdir=lambda wc, output: os.path.dirname(output.report),
    log:
        f"{OUT}/logs/multiqc.log",
    conda:
        "../envs/multiqc.yaml"
    shell:
        "multiqc --force --no-ansi --config {input.config} --outdir {params.outdir}"
        " {input.count_mqc} {input.compare_mqc} > {log} 2>&1"
