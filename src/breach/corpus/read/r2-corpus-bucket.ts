/** The slice of an R2 bucket binding this reader uses (`env.CORPUS` on a Worker). */
export interface R2CorpusBucket {
  get(
    key: string,
    options?: { range?: { offset: number; length: number } },
  ): Promise<{ arrayBuffer(): Promise<ArrayBuffer>; size: number } | null>
}
