declare module 'parse-prometheus-text-format' {
  interface Family {
    name: string;
    type: string;
    help: string;
    metrics: { labels?: Record<string, string>; value?: string; buckets?: Record<string, string> }[];
  }
  export default function parse(text: string): Family[];
}
